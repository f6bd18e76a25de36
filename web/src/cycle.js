// The year's cycle on the pages: a department POA's status, what its role may do with it (submit with explanations,
// take into review, return with comments, approve, reopen), and the comment threads of departments and actions.
import { gql, GraphQLRequestError } from './graphql.js';
import { date, escape, money, monthName } from './format.js';
import { can } from './session.js';

export const STATUS_NAMES = {
  CAPTURA: 'En captura', ENVIADO: 'Enviado', EN_REVISION: 'En revisión', DEVUELTO: 'Devuelto', APROBADO: 'Aprobado',
};

const TRANSITION_NAMES = {
  SUBMIT: 'Enviar a revisión', TAKE_FOR_REVIEW: 'Tomar en revisión', RETURN: 'Devolver con comentarios', APPROVE: 'Aprobar',
  REOPEN: 'Reabrir', IMPORT_APPROVED: 'Importado como aprobado',
};

const MUTATIONS = { SUBMIT: 'submitPoa', TAKE_FOR_REVIEW: 'reviewPoa', RETURN: 'returnPoa', APPROVE: 'approvePoa', REOPEN: 'reopenPoa' };

/** Who may make each transition (the server decides again). */
const WHO = { SUBMIT: 'submit', TAKE_FOR_REVIEW: 'plan', RETURN: 'plan', APPROVE: 'plan', REOPEN: 'reopen' };

export const CYCLE_FIELDS = `cycle {
  status version approvalNumber programmingEditable allowedTransitions submittedAt late reopenedMonths
  history(first: 100) { totalCount nodes { version at user transition from to comment } }
  submissionChecks { key explanation finding { code severity message(language: ES) actionNumber } }
}`;

const COMMENT_FIELDS = 'id action path author authorRole atUtc text';

/** A page of a comment thread: the count of all, whether more follow, the comments (oldest first). */
export const COMMENT_PAGE = `totalCount pageInfo { hasNextPage endCursor } nodes { ${COMMENT_FIELDS} }`;

export function statusBadge(status, testid = 'cycle-status') {
  return `<span class="badge status-${String(status).toLowerCase()}" data-status="${status}" data-testid="${testid}">${STATUS_NAMES[status] ?? status}</span>`;
}

/** The status of a department's POA with its history, what the user may do, and the submit/review dialog. */
export function cycleSection(cycle, { municipality, department }) {
  const actions = cycle.allowedTransitions.filter((t) => MUTATIONS[t] && can(WHO[t], { municipality, department }));
  const checks = cycle.submissionChecks;
  const errors = checks.filter((c) => c.finding.severity === 'ERROR');
  const warnings = checks.filter((c) => c.finding.severity === 'WARNING');
  const submitting = actions.includes('SUBMIT');
  return `<section class="cycle" data-testid="cycle">
    <h2>Estado del POA ${statusBadge(cycle.status)} ${cycle.late ? '<span class="tag" data-testid="cycle-late">Con retraso</span>' : ''}</h2>
    <p class="meta">Versión del estado ${cycle.version}${cycle.approvalNumber ? ` · aprobado ${cycle.approvalNumber} ${cycle.approvalNumber === 1 ? 'vez' : 'veces'}` : ''}
      ${cycle.programmingEditable ? '· la programación se puede editar' : '· la programación está bloqueada'}
      ${cycle.reopenedMonths.length ? `· meses reabiertos: ${cycle.reopenedMonths.map(monthName).join(', ')}` : ''}</p>
    ${checks.length ? `<table data-testid="submission-checks"><thead><tr><th>Revisión</th><th>Gravedad</th><th>Descripción</th><th>Explicación</th></tr></thead><tbody>
      ${checks.map((c) => `<tr data-key="${escape(c.key)}"><td><code>${escape(c.finding.code)}</code></td>
        <td>${c.finding.severity === 'ERROR' ? 'Error (impide el envío)' : 'Advertencia'}</td><td>${escape(c.finding.message)}</td>
        <td>${submitting && c.finding.severity === 'WARNING'
          ? `<textarea rows="2" maxlength="2000" data-explanation="${escape(c.key)}" data-testid="explanation" placeholder="Explica esta advertencia">${escape(c.explanation ?? '')}</textarea>`
          : escape(c.explanation ?? '—')}</td></tr>`).join('')}</tbody></table>` : '<p data-testid="submission-checks-none">Sin advertencias ni errores.</p>'}
    ${actions.length ? `<form class="transition" data-testid="cycle-form">
      ${actions.some((t) => t === 'RETURN' || t === 'REOPEN') || actions.includes('APPROVE')
        ? '<label>Comentario <textarea name="comment" rows="2" maxlength="2000" data-testid="cycle-comment" placeholder="Obligatorio para devolver o reabrir"></textarea></label>' : ''}
      <p>${actions.map((t) => `<button type="button" data-transition="${t}" data-testid="transition-${t.toLowerCase()}"
        ${t === 'SUBMIT' && errors.length ? 'disabled title="Corrige los errores antes de enviar"' : ''}
        class="${t === 'RETURN' || t === 'REOPEN' ? 'secondary' : ''}">${TRANSITION_NAMES[t]}</button>`).join(' ')}</p>
      ${submitting && warnings.length ? `<p class="hint">Cada advertencia necesita tu explicación; quien revisa la ve junto a ella.</p>` : ''}
    </form>` : ''}
    <div class="status" role="status" data-testid="cycle-result"></div>
    ${cycle.history.totalCount ? `<details data-testid="cycle-history"><summary>Historial del estado (${cycle.history.totalCount})</summary><ol>
      ${cycle.history.nodes.map((e) => `<li>${date(e.at)} · <strong>${escape(e.user)}</strong>: ${TRANSITION_NAMES[e.transition] ?? e.transition}
        (${STATUS_NAMES[e.from]} → ${STATUS_NAMES[e.to]})${e.comment ? ` — «${escape(e.comment)}»` : ''}</li>`).join('')}</ol>
      ${cycle.history.totalCount > cycle.history.nodes.length ? `<p class="hint">Se muestran los primeros ${cycle.history.nodes.length} de ${cycle.history.totalCount} cambios de estado.</p>` : ''}</details>` : ''}
  </section>`;
}

/** Wires the cycle form: each button sends its transition with the version shown; then `done` redraws the page. */
export function wireCycle(root, cycle, { municipality, year, department }, done) {
  const form = root.querySelector('[data-testid="cycle-form"]');
  if (!form) return;
  const result = root.querySelector('[data-testid="cycle-result"]');
  form.querySelectorAll('button[data-transition]').forEach((button) => button.addEventListener('click', async () => {
    const transition = button.dataset.transition;
    const comment = form.comment?.value.trim() || null;
    const explanations = [...root.querySelectorAll('[data-explanation]')]
      .map((area) => ({ findingKey: area.dataset.explanation, text: area.value.trim() }))
      .filter((e) => e.text);
    const mutation = MUTATIONS[transition];
    try {
      await gql(`mutation Cycle($input: CycleInput!) { ${mutation}(input: $input) { version } }`, {
        input: {
          municipality, year, department, expectedVersion: cycle.version, comment,
          explanations: transition === 'SUBMIT' ? explanations : null,
        },
      });
      await done(`Hecho: ${TRANSITION_NAMES[transition].toLowerCase()}.`);
    } catch (error) {
      result.className = 'status error';
      result.textContent = cycleMessage(error);
    }
  }));
}

/** An error of the cycle in words for the department and the reviewers. */
export function cycleMessage(error) {
  if (!(error instanceof GraphQLRequestError)) return error.message;
  const e = error.extensions;
  switch (error.code) {
    case 'CONFLICT': return `Alguien más cambió el estado (ahora versión ${e.currentVersion ?? '—'}): actualiza la página y decide de nuevo.`;
    case 'INVALID_TRANSITION': return `No es posible en el estado ${STATUS_NAMES[e.currentValue] ?? e.currentValue ?? ''}: ${error.message}`;
    case 'LOCKED': return `La programación está bloqueada (${STATUS_NAMES[e.currentValue] ?? e.currentValue ?? ''}): los cambios van por una solicitud de modificación.`;
    case 'MONTH_CLOSED': return `El mes ya cerró: ${error.message}`;
    case 'FORBIDDEN': return 'Tu cuenta no permite esta acción.';
    case 'UNAUTHENTICATED': return 'Entra con tu cuenta para continuar.';
    default: return error.message;
  }
}

const commentItem = (c) => `<li data-testid="comment">
      <p class="meta"><strong>${escape(c.author)}</strong> (${escape(c.authorRole)}) · ${date(c.atUtc)}${c.action ? ` · acción ${c.action}` : ''}${c.path ? ` · <code>${escape(c.path)}</code>` : ''}</p>
      <p>${escape(c.text)}</p></li>`;

/** A comment thread (department or action), a page at a time, with the form to add to it. */
export function commentsSection(page, { municipality, department }, testid = 'comments') {
  return `<section class="comments" data-testid="${testid}">
    <h2>Comentarios (${page.totalCount})</h2>
    ${page.nodes.length ? `<ol class="thread">${page.nodes.map(commentItem).join('')}</ol>` : '<p class="hint">Sin comentarios todavía.</p>'}
    ${page.pageInfo.hasNextPage ? `<p><button type="button" class="secondary" data-after="${escape(page.pageInfo.endCursor)}"
      data-testid="comments-more">Ver más comentarios</button></p>` : ''}
    ${can('comment', { municipality, department }) ? `<form class="inline" data-testid="comment-form">
      <label>Comentario <textarea name="text" rows="2" maxlength="2000" required data-testid="comment-text"></textarea></label>
      <button type="submit" data-testid="comment-submit">Comentar</button></form>` : ''}
  </section>`;
}

/** Wires the comment form, and "ver más", which appends the next page that `more(after)` reads. */
export function wireComments(root, { municipality, year, department, number = null }, done, more) {
  const next = root.querySelector('[data-testid="comments-more"]');
  next?.addEventListener('click', async () => {
    try {
      const page = await more(next.dataset.after);
      const list = next.closest('section').querySelector('ol.thread');
      list.insertAdjacentHTML('beforeend', page.nodes.map(commentItem).join(''));
      if (page.pageInfo.hasNextPage) next.dataset.after = page.pageInfo.endCursor;
      else next.remove();
    } catch (error) {
      alert(cycleMessage(error));
    }
  });
  const form = root.querySelector('[data-testid="comment-form"]');
  form?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = form.text.value.trim();
    if (!text) return;
    try {
      await gql(`mutation Comment($input: AddCommentInput!) { addComment(input: $input) { id } }`, {
        input: { municipality, year, department, number, text },
      });
      await done('Comentario agregado.');
    } catch (error) {
      alert(cycleMessage(error));
    }
  });
}

/** Approved (the baseline) beside modified, with the difference: shown once modification requests changed something. */
export function baselineCard(totals, testid = 'baseline') {
  if (Number(totals.investmentDifference) === 0) return '';
  return `<section class="cards" data-testid="${testid}">
    <article class="card"><h3>Inversión aprobada</h3><p class="big" data-testid="${testid}-approved" data-value="${totals.approvedInvestment}">${money(totals.approvedInvestment)}</p></article>
    <article class="card"><h3>Inversión modificada</h3><p class="big" data-testid="${testid}-modified" data-value="${totals.investment}">${money(totals.investment)}</p></article>
    <article class="card"><h3>Diferencia</h3><p class="big" data-testid="${testid}-difference" data-value="${totals.investmentDifference}">${money(totals.investmentDifference)}</p>
      <p class="hint">Lo que cambiaron las solicitudes de modificación autorizadas.</p></article>
  </section>`;
}
