import { gql } from '../graphql.js';
import { escape, figure, money, number } from '../format.js';
import { findingsTable } from '../views.js';
import { can, session } from '../session.js';

const IMPORT = `mutation ImportPoa($municipality: String!, $document: String!, $dryRun: Boolean!) {
  importPoa(municipality: $municipality, document: $document, dryRun: $dryRun) {
    year dryRun importedActions
    totals { investment actions activities declaredBeneficiaries { men women total } }
    departments { name slug actions investment }
    findings { code severity message line actionNumber expected actual department }
    poa { version totals { investment actions } }
  }
}`;

/** Importar: read a file in the seed layout, show what it holds and its findings (dry run), then save it. */
export async function render(root, { municipality }) {
  if (!can('import', { municipality })) {
    root.innerHTML = `<h1>Importar un POA</h1><p class="notice" data-testid="import-forbidden">Importar es de la planeación y la administración del
      municipio. ${session().signedIn ? '' : '<a href="/entrar?volver=%2Fimportar" data-link>Entrar</a>'}</p>`;
    return () => {};
  }
  let text = '';
  root.innerHTML = `
    <h1>Importar un POA</h1>
    <p>Elige un archivo con el formato del POA (texto separado por tabuladores). Primero se revisa sin guardar nada;
      los hallazgos no impiden guardar.</p>
    <form data-testid="import-form" class="import">
      <label>Archivo <input type="file" name="file" accept=".txt,.tsv,text/plain" data-testid="import-file"></label>
      <button type="submit" data-testid="import-check">Revisar</button>
    </form>
    <div data-testid="import-status" class="status" role="status"></div>
    <div data-testid="import-result"></div>`;
  const form = root.querySelector('form');
  const result = root.querySelector('[data-testid="import-result"]');
  const status = (message, kind = 'ok') => {
    const box = root.querySelector('[data-testid="import-status"]');
    box.className = `status ${kind}`;
    box.textContent = message;
  };

  const run = async (dryRun) => {
    status(dryRun ? 'Revisando…' : 'Guardando…');
    try {
      const { importPoa } = await gql(IMPORT, { municipality, document: text, dryRun });
      showResult(importPoa);
      status(dryRun
        ? `Revisado: ${importPoa.totals.actions} acciones, ${importPoa.findings.length} hallazgos. Nada se ha guardado todavía.`
        : `Guardado: ${importPoa.importedActions} acciones importadas.`);
    } catch (error) {
      const where = error.extensions?.line ? ` (línea ${error.extensions.line}, columna ${error.extensions.column})` : '';
      status(`${error.message}${where}`, 'error');
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
    const file = form.file.files[0];
    if (!file) {
      status('Elige un archivo.', 'error');
      return;
    }
    text = await file.text();
    await run(true);
  });
  return () => {};
}
