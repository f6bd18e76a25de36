import { escape, figure, money, number } from '../format.js';
import { findingsTable } from '../views.js';
import { can, csrfToken, session } from '../session.js';

/**
 * Sends a file to POST /import (multipart) and follows it: the upload's bytes (XMLHttpRequest upload progress), then
 * the departments saved (the answer's NDJSON progress lines). Resolves with importPoa's payload; rejects with its error.
 */
function upload(file, { municipality, dryRun, approved }, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ municipality, dryRun: String(dryRun), approved: String(approved), language: 'es' });
    xhr.open('POST', `/import?${query}`);
    xhr.setRequestHeader('Accept', 'application/x-ndjson');
    // The session cookie goes with the request; a signed-in page's writes carry its anti-forgery token.
    xhr.withCredentials = true;
    if (csrfToken()) xhr.setRequestHeader('X-CSRF-TOKEN', csrfToken());
    let seen = 0;
    const lines = () => {
      const text = xhr.responseText;
      const complete = text.lastIndexOf('\n');
      const fresh = complete >= seen ? text.slice(seen, complete + 1) : '';
      seen = Math.max(seen, complete + 1);
      return fresh.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    };
    let last = null;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ stage: 'upload', done: event.loaded, of: event.total });
    };
    xhr.upload.onload = () => onProgress({ stage: 'reading' });
    xhr.onprogress = () => {
      for (const message of lines()) {
        if (message.progress) onProgress(message.progress);
        else last = message;
      }
    };
    xhr.onload = () => {
      for (const message of lines()) {
        if (message.progress) onProgress(message.progress);
        else last = message;
      }
      if (!last) {
        try {
          last = JSON.parse(xhr.responseText);
        } catch {
          reject(Object.assign(new Error(`El servidor respondió ${xhr.status}.`), { extensions: {} }));
          return;
        }
      }
      const error = last.errors?.[0];
      if (!last.data && error) {
        reject(Object.assign(new Error(error.message), { extensions: error.extensions ?? {} }));
        return;
      }
      resolve({ payload: last.data.importPoa, errors: last.errors ?? [] });
    };
    xhr.onerror = () => reject(Object.assign(new Error('No se pudo enviar el archivo: revisa la conexión.'), { extensions: {} }));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Importar: upload a workbook or Excel's text export, show what it holds and its findings (dry run), then save it. */
export async function render(root, { municipality }) {
  if (!can('import', { municipality })) {
    root.innerHTML = `<h1>Importar un POA</h1><p class="notice" data-testid="import-forbidden">Importar es de la planeación y la administración del
      municipio. ${session().signedIn ? '' : '<a href="/entrar?volver=%2Fimportar" data-link>Entrar</a>'}</p>`;
    return () => {};
  }
  let file = null;
  root.innerHTML = `
    <h1>Importar un POA</h1>
    <p>Elige el archivo del POA: un libro de Excel (.xlsx) o el texto que Excel exporta (.txt, .tsv), con el formato del POA
      (una hoja por acción y la hoja resumen, todo en una hoja, o una fila por actividad). Primero se revisa sin guardar nada;
      los hallazgos no impiden guardar.</p>
    <form data-testid="import-form" class="import">
      <label>Archivo <input type="file" name="file" accept=".xlsx,.txt,.tsv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" data-testid="import-file"></label>
      <label class="check"><input type="checkbox" name="approved" data-testid="import-approved"> Es un POA histórico ya aprobado:
        importarlo como <strong>APROBADO</strong> (su programación queda como aprobada y bloqueada)</label>
      <button type="submit" data-testid="import-check">Revisar</button>
    </form>
    <div class="progress" data-testid="import-progress-box" hidden>
      <progress data-testid="import-progress" max="100" value="0"></progress>
      <span data-testid="import-progress-text"></span>
    </div>
    <div data-testid="import-status" class="status" role="status"></div>
    <div data-testid="import-result"></div>`;
  const form = root.querySelector('form');
  const result = root.querySelector('[data-testid="import-result"]');
  const box = root.querySelector('[data-testid="import-progress-box"]');
  const bar = root.querySelector('[data-testid="import-progress"]');
  const barText = root.querySelector('[data-testid="import-progress-text"]');
  const status = (message, kind = 'ok') => {
    const element = root.querySelector('[data-testid="import-status"]');
    element.className = `status ${kind}`;
    element.textContent = message;
  };
  const progress = (p) => {
    box.hidden = false;
    if (p.stage === 'upload') {
      bar.max = p.of;
      bar.value = p.done;
      barText.textContent = `Enviando: ${number(Math.round((100 * p.done) / p.of))} % (${number(p.done)} de ${number(p.of)} bytes)`;
    } else if (p.stage === 'reading') {
      bar.removeAttribute('value');
      barText.textContent = 'Leyendo el archivo…';
    } else if (p.stage === 'read') {
      bar.max = Math.max(p.departments, 1);
      bar.value = 0;
      barText.textContent = `Leído: ${number(p.departments)} secretarías, ${number(p.actions)} acciones.`;
    } else if (p.stage === 'saved') {
      bar.max = p.departments;
      bar.value = p.departmentsDone;
      barText.textContent = `Guardando: ${number(p.departmentsDone)} de ${number(p.departments)} secretarías (${number(p.actions)} acciones).`;
    }
    bar.dataset.stage = p.stage;
  };

  const run = async (dryRun) => {
    status(dryRun ? 'Revisando…' : 'Guardando…');
    try {
      const { payload, errors } = await upload(file, { municipality, dryRun, approved: form.approved.checked }, progress);
      showResult(payload);
      bar.max = 1;
      bar.value = 1;
      bar.dataset.stage = 'done';
      barText.textContent = dryRun ? 'Revisión terminada.' : 'Importación terminada.';
      if (errors.length) status(`Guardado con ${errors.length} acciones rechazadas: ${errors[0].message}`, 'error');
      else status(dryRun
        ? `Revisado: ${payload.totals.actions} acciones, ${payload.findings.length} hallazgos. Nada se ha guardado todavía.`
        : `Guardado: ${payload.importedActions} acciones importadas.`);
    } catch (error) {
      const e = error.extensions ?? {};
      const where = e.sheet ? ` (hoja «${e.sheet}», fila ${e.line}, columna ${e.column})` : e.line ? ` (línea ${e.line}, columna ${e.column})` : '';
      status(`${error.message}${where}`, 'error');
      box.hidden = true;
    }
  };

  const showResult = (payload) => {
    const t = payload.totals;
    result.innerHTML = `
      <h2>POA ${payload.year} ${payload.dryRun ? '<span class="tag">revisión, sin guardar</span>' : '<span class="tag ok">guardado</span>'}</h2>
      <section class="cards">
        <article class="card"><h3>Inversión</h3><p class="big">${figure('import-investment', money(t.investment), t.investment)}</p></article>
        <article class="card"><h3>Acciones</h3><p class="big">${figure('import-actions', number(t.actions), t.actions)}</p>
          <p>Actividades: ${number(t.activities)}</p></article>
        <article class="card"><h3>Beneficiarios declarados</h3><p class="big">${number(t.declaredBeneficiaries.total)}</p>
          <p><small>${number(t.declaredBeneficiaries.men)} H / ${number(t.declaredBeneficiaries.women)} M</small></p></article>
      </section>
      <table data-testid="import-departments"><thead><tr><th>Secretaría</th><th class="num">Acciones</th><th class="num">Inversión</th></tr></thead>
        <tbody>${payload.departments.map((d) => `<tr><td>${escape(d.name)}</td><td class="num">${d.actions}</td>
          <td class="num">${money(d.investment)}</td></tr>`).join('')}</tbody></table>
      <h2>Hallazgos (${payload.findings.length})</h2>
      ${findingsTable(payload.findings, 'import-findings')}
      ${payload.dryRun
        ? '<p><button type="button" data-testid="import-save">Guardar este POA</button></p>'
        : `<p><a href="/poa/${payload.year}" data-link data-testid="import-open">Ver el consolidado ${payload.year}</a></p>`}`;
    result.querySelector('[data-testid="import-save"]')?.addEventListener('click', () => run(false));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    file = form.file.files[0] ?? null;
    if (!file) {
      status('Elige un archivo.', 'error');
      return;
    }
    await run(true);
  });
  return () => {};
}
