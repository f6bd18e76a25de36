import { gql } from './graphql.js';
import { date, escape, MONTHS, monthName, number } from './format.js';
import { csrfToken } from './session.js';
import { cycleMessage } from './cycle.js';

/** The evidence fields the action page reads. */
export const EVIDENCE_PAGE = `totalCount nodes { id kind activityId month fileName contentType size url title uploadedBy uploadedAt
  status reviewedBy reviewedAt reviewComment }`;

const STATUS_NAMES = { PENDING: 'Pendiente de revisión', VALIDATED: 'Validada', REJECTED: 'Rechazada' };

const REASONS = {
  FILE_TOO_LARGE: 'El archivo es demasiado grande: adjunta uno más pequeño (o comprimido), o un enlace.',
  UNSUPPORTED_FILE_TYPE: 'El contenido del archivo no es un PDF, una imagen, un documento de Office ni texto (sin importar su extensión).',
  UNAUTHENTICATED: 'Entra con tu cuenta para adjuntar evidencia.',
  FORBIDDEN: 'Tu cuenta no permite cambiar la evidencia de esta secretaría.',
  NOT_FOUND: 'La actividad o la evidencia ya no existe.',
};

/** What went wrong, in Spanish, from the error's code. */
export function evidenceMessage(error) {
  if (error.code === 'VALIDATION' && error.extensions?.field === 'url') return 'El enlace debe ser una dirección http o https.';
  if (error.code === 'VALIDATION' && error.extensions?.field === 'comment') return 'Para rechazar una evidencia escribe el motivo.';
  return REASONS[error.code] ?? cycleMessage(error);
}

/**
 * The section "Evidencias": every item by activity and month with who added it and when, its status and download;
 * delete for who may report progress, validate / reject for the planning unit, and the forms to attach a file or a link.
 */
export function evidenceSection(action, { editable, reviewer }) {
  const items = action.evidence.nodes;
  const activityOptions = action.activities.map((a) => `<option value="${a.id}">${a.id}. ${escape(a.description.slice(0, 70))}</option>`).join('');
  const monthOptions = MONTHS.map((m, i) => `<option value="${i + 1}">${m}</option>`).join('');
  const rows = items.map((e) => {
    const what = e.kind === 'FILE'
      ? `<a href="${escape(e.url)}" download data-testid="evidence-${e.id}-download">${escape(e.fileName)}</a>
         <small>(${escape(e.contentType.split(';')[0])}, ${number(Math.ceil(e.size / 1024))} KB)</small>`
      : `<a href="${escape(e.url)}" target="_blank" rel="noopener noreferrer" data-testid="evidence-${e.id}-link">${escape(e.title)}</a> <small>(enlace)</small>`;
    const review = e.status === 'PENDING' ? '' : `<br><small>${escape(e.reviewedBy ?? 'reservado')}, ${date(e.reviewedAt)}${e.reviewComment ? `: «${escape(e.reviewComment)}»` : ''}</small>`;
    return `<tr data-testid="evidence-${e.id}" data-activity="${e.activityId}" data-month="${e.month}">
      <td>Actividad ${e.activityId}</td><td>${monthName(e.month)}</td><td>${what}</td>
      <td>${e.uploadedBy == null ? '<small title="Inicia sesión para ver quién la agregó">reservado</small>' : escape(e.uploadedBy)}</td>
      <td>${date(e.uploadedAt)}</td>
      <td><span class="badge" data-testid="evidence-${e.id}-status" data-value="${e.status}">${STATUS_NAMES[e.status]}</span>${review}</td>
      <td>${reviewer ? `<input type="text" maxlength="2000" placeholder="Comentario (obligatorio para rechazar)" data-testid="evidence-${e.id}-comment">
          <button type="button" data-review="VALIDATED" data-evidence="${e.id}" data-testid="evidence-${e.id}-validate">Validar</button>
          <button type="button" data-review="REJECTED" data-evidence="${e.id}" data-testid="evidence-${e.id}-reject" class="secondary">Rechazar</button>` : ''}
        ${editable ? `<button type="button" data-delete-evidence="${e.id}" data-testid="evidence-${e.id}-delete" class="secondary">Eliminar</button>` : ''}</td>
    </tr>`;
  }).join('');
  return `<section data-testid="evidence">
    <h2>Evidencias</h2>
    ${items.length ? `<table data-testid="evidence-list"><thead><tr><th>Actividad</th><th>Mes</th><th>Evidencia</th><th>Agregó</th><th>Fecha</th>
        <th>Estado</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p data-testid="evidence-none">Sin evidencias todavía.</p>'}
    ${action.evidence.totalCount > items.length ? `<p class="notice">Se muestran ${items.length} de ${number(action.evidence.totalCount)} evidencias.</p>` : ''}
    ${editable ? `<div class="two forms">
      <form data-testid="evidence-file-form">
        <h3>Adjuntar un archivo</h3>
        <label>Actividad <select name="activity" data-testid="evidence-activity">${activityOptions}</select></label>
        <label>Mes <select name="month" data-testid="evidence-month">${monthOptions}</select></label>
        <label>Archivo (PDF, imagen, Word, Excel, PowerPoint o texto) <input type="file" name="file" required data-testid="evidence-file"
          accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,.csv"></label>
        <button type="submit" data-testid="evidence-upload">Adjuntar</button>
      </form>
      <form data-testid="evidence-link-form">
        <h3>Agregar un enlace</h3>
        <label>Actividad <select name="activity">${activityOptions}</select></label>
        <label>Mes <select name="month">${monthOptions}</select></label>
        <label>Dirección (http o https) <input type="url" name="url" required maxlength="2000" data-testid="evidence-url"></label>
        <label>Título <input type="text" name="title" maxlength="300" data-testid="evidence-title"></label>
        <button type="submit" data-testid="evidence-add-link">Agregar enlace</button>
      </form>
    </div>` : ''}
  </section>`;
}

/** Sends one file to POST /evidence/...; resolves with the item, rejects with an error that carries the server's code. */
async function upload({ municipality, year, department, number: actionNumber }, activityId, month, file) {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers = {};
  if (csrfToken()) headers['X-CSRF-TOKEN'] = csrfToken();
  const path = [municipality, year, department, actionNumber, activityId, month].map((p) => encodeURIComponent(p)).join('/');
  let response;
  try {
    response = await fetch(`/evidence/${path}`, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  } catch {
    // A browser may see the connection closed, not the answer, when a file far over the limit is refused early.
    throw Object.assign(new Error('No se pudo enviar el archivo (¿es demasiado grande?).'), { code: 'NETWORK' });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.errors?.[0];
    throw Object.assign(new Error(error?.message ?? `El servidor respondió ${response.status}.`), { code: error?.extensions?.code, extensions: error?.extensions });
  }
  return body;
}

/** The section's forms and buttons; <paramref>done</paramref> re-reads the page and shows a message. */
export function wireEvidence(root, target, done, fail) {
  const fileForm = root.querySelector('[data-testid="evidence-file-form"]');
  fileForm?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileForm.file.files[0];
    if (!file) return;
    try {
      const item = await upload(target, Number(fileForm.activity.value), Number(fileForm.month.value), file);
      await done(`Evidencia adjunta: ${item.fileName}.`);
    } catch (error) {
      fail(error.code === 'NETWORK' ? error.message : evidenceMessage(error));
    }
  });
  const linkForm = root.querySelector('[data-testid="evidence-link-form"]');
  linkForm?.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await gql(`mutation AddEvidenceLink($input: AddEvidenceLinkInput!) { addEvidenceLink(input: $input) { id } }`, {
        input: {
          municipality: target.municipality, year: target.year, department: target.department, number: target.number,
          activityId: Number(linkForm.activity.value), month: Number(linkForm.month.value), url: linkForm.url.value.trim(), title: linkForm.title.value.trim() || null,
        },
      });
      await done('Enlace agregado como evidencia.');
    } catch (error) {
      fail(evidenceMessage(error));
    }
  });
  root.querySelectorAll('[data-delete-evidence]').forEach((button) => button.addEventListener('click', async () => {
    if (!confirm('¿Eliminar esta evidencia? La eliminación queda en el historial.')) return;
    try {
      await gql(`mutation DeleteEvidence($id: ID!) { deleteEvidence(id: $id) { id } }`, { id: button.dataset.deleteEvidence });
      await done('Evidencia eliminada.');
    } catch (error) {
      fail(evidenceMessage(error));
    }
  }));
  root.querySelectorAll('[data-review]').forEach((button) => button.addEventListener('click', async () => {
    const id = button.dataset.evidence;
    const comment = root.querySelector(`[data-testid="evidence-${id}-comment"]`).value.trim() || null;
    try {
      await gql(`mutation ReviewEvidence($id: ID!, $verdict: EvidenceVerdict!, $comment: String) {
        reviewEvidence(id: $id, verdict: $verdict, comment: $comment) { id status } }`, { id, verdict: button.dataset.review, comment });
      await done(button.dataset.review === 'VALIDATED' ? 'Evidencia validada.' : 'Evidencia rechazada.');
    } catch (error) {
      fail(evidenceMessage(error));
    }
  }));
}
