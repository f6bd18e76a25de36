// Pieces shared by the POA and department pages.
import { escape, figure, light, money, monthName, number, percent } from './format.js';

/** Inversión, beneficiarios (suma declarada y cobertura mayor), acciones, actividades, cumplimiento. */
export function summaryCards(totals, compliance) {
  const declared = totals.declaredBeneficiaries;
  const largest = totals.largestCoverage;
  return `<section class="cards">
    <article class="card"><h3>Inversión total</h3>
      <p class="big">${figure('total-investment', money(totals.investment), totals.investment)}</p></article>
    <article class="card"><h3>Beneficiarios</h3>
      <p>Suma declarada: <strong>${figure('beneficiaries-declared', number(declared.total), declared.total)}</strong>
        <small>(${number(declared.men)} H / ${number(declared.women)} M)</small></p>
      <p>Cobertura mayor: <strong>${figure('beneficiaries-largest', number(largest.total), largest.total)}</strong>
        <small>(${number(largest.men)} H / ${number(largest.women)} M)</small></p>
      <p class="hint">Varias acciones declaran a toda la población: la suma cuenta personas más de una vez.</p></article>
    <article class="card"><h3>Acciones</h3><p class="big">${figure('total-actions', number(totals.actions), totals.actions)}</p>
      <p>Actividades: <strong>${figure('total-activities', number(totals.activities), totals.activities)}</strong></p></article>
    <article class="card"><h3>Cumplimiento al mes ${monthName(compliance.upToMonth)}</h3>
      <p class="big">${figure('compliance-ratio', percent(compliance.ratio), compliance.ratio ?? '')}</p>
      <p>${light(compliance.light, 'compliance-light')}</p>
      <p class="hint">Alcanzado ${number(compliance.achieved)} de ${number(compliance.programmed)} programado.</p></article>
  </section>`;
}

const MOMENT_FIELDS = 'approved modified committed accrued exercised paid';
const MOMENT_HEADS = ['Aprobado', 'Modificado', 'Comprometido', 'Devengado', 'Ejercido', 'Pagado'];

const SPENDING_FIELDS = `totals { moments { ${MOMENT_FIELDS} } } bySource { source name actions investment moments { ${MOMENT_FIELDS} } }`;

/** The spending of the city, or of a department, in a query of its own: added to the pages' figures it would make the
 * city's read a heavy operation (GraphQL:HeavyComplexity) that takes turns. */
export async function loadSpending(gql, { municipality, year, slug }) {
  if (!slug) return (await gql(`query PoaSpending($municipality: String!, $year: Int!) {
    poa(municipality: $municipality, year: $year) { ${SPENDING_FIELDS} } }`, { municipality, year })).poa;
  return (await gql(`query DepartmentSpending($municipality: String!, $year: Int!, $slug: String!) {
    poa(municipality: $municipality, year: $year) { department(slug: $slug) { ${SPENDING_FIELDS} } } }`, { municipality, year, slug })).poa.department;
}

/** Spending by CONAC moment: the totals, then by funding source (each activity has one, so the rows add up). */
export function spending(figures) {
  if (!figures) return '';
  const { totals: { moments }, bySource } = figures;
  const keys = MOMENT_FIELDS.split(' ');
  const cells = (m, testid) => keys.map((k) => `<td class="num" ${testid ? `data-testid="${testid}-${k}"` : ''}>${money(m[k])}</td>`).join('');
  return `<h2>Momentos del gasto y fuentes de financiamiento</h2>
    <table data-testid="by-source"><thead><tr><th>Fuente de financiamiento</th><th class="num">Acciones</th><th class="num">Inversión</th>
      ${MOMENT_HEADS.map((h) => `<th class="num">${h}</th>`).join('')}</tr></thead>
    <tbody>${bySource.map((e) => `<tr data-source="${escape(e.source)}"><td>${escape(e.name)}</td><td class="num">${number(e.actions)}</td>
        <td class="num">${money(e.investment)}</td>${cells(e.moments, `source-${e.source}`)}</tr>`).join('') || '<tr><td colspan="9">Sin datos</td></tr>'}
      <tr class="total"><th>Total</th><td></td><td></td>${cells(moments, 'moments')}</tr></tbody></table>`;
}

export function breakdowns(byAxis, byChapter) {
  const rows = (entries, key) => entries.map((e) => `<tr>
      <td>${key(e)}</td><td class="num">${number(e.actions)}</td><td class="num">${money(e.investment)}</td>
      <td class="num">${percent(e.compliance.ratio)}</td><td>${light(e.compliance.light)}</td></tr>`).join('');
  const head = '<tr><th></th><th class="num">Acciones</th><th class="num">Inversión</th><th class="num">Cumplimiento</th><th>Semáforo</th></tr>';
  return `<section class="two">
    <div><h2>Por eje</h2><table data-testid="by-axis"><thead>${head.replace('<th></th>', '<th>Eje</th>')}</thead>
      <tbody>${rows(byAxis, (e) => escape(e.axis)) || '<tr><td colspan="5">Sin datos</td></tr>'}</tbody></table></div>
    <div><h2>Por capítulo CONAC</h2><table data-testid="by-chapter"><thead>${head.replace('<th></th>', '<th>Capítulo</th>')}</thead>
      <tbody>${rows(byChapter, (e) => `${e.chapter || '—'} ${escape(e.name)}`) || '<tr><td colspan="5">Sin datos</td></tr>'}</tbody></table></div>
  </section>`;
}

const SEVERITY = { ERROR: 'Error', WARNING: 'Advertencia', INFO: 'Aviso' };

/** The fields of a finding the pages show; the message is rendered by the server in Spanish from code and parameters. */
export const FINDING_FIELDS = 'code severity message(language: ES) line sheet column actionNumber expected actual department';

/** A column number as a sheet names it: 1 → A, 27 → AA. */
function columnName(column) {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Where a finding stands: «línea 47», «línea 17, columna 19», «'Acción 3'!F13», «'Acción 4', fila 8». */
export function findingPlace(f) {
  if (f.line === null || f.line === undefined) return '—';
  if (f.sheet) {
    const sheet = `'${String(f.sheet).replace(/'/g, "''")}'`;
    return f.column ? `${sheet}!${columnName(f.column)}${f.line}` : `${sheet}, fila ${f.line}`;
  }
  return f.column ? `línea ${f.line}, columna ${f.column}` : `línea ${f.line}`;
}

export function findingsTable(findings, testid = 'findings') {
  if (!findings.length) return `<p data-testid="${testid}-none">Sin hallazgos.</p>`;
  return `<table data-testid="${testid}"><thead><tr><th>Código</th><th>Gravedad</th><th>Acción</th><th>Lugar</th><th>Descripción</th>
      <th class="num">Esperado</th><th class="num">Encontrado</th></tr></thead><tbody>
    ${findings.map((f) => `<tr data-code="${escape(f.code)}" data-action="${f.actionNumber ?? ''}">
      <td><code>${escape(f.code)}</code></td><td>${SEVERITY[f.severity] ?? f.severity}</td><td>${f.actionNumber ?? '—'}</td>
      <td>${escape(findingPlace(f))}</td><td>${escape(f.message)}</td>
      <td class="num">${f.expected === null || f.expected === undefined ? '—' : number(f.expected)}</td>
      <td class="num">${f.actual === null || f.actual === undefined ? '—' : number(f.actual)}</td></tr>`).join('')}
  </tbody></table>`;
}

export const FIGURES = `
  totals {
    investment approvedInvestment investmentDifference actions activities findings
    declaredBeneficiaries { men women total }
    largestCoverage { men women total }
  }
  compliance { upToMonth programmed achieved ratio light }
  monthly { month programmed approved achieved exercised }
  byAxis { axis actions investment compliance { ratio light } }
  byChapter { chapter name actions investment compliance { ratio light } }
  findings { ${FINDING_FIELDS} }`;

const FORMATS = [
  ['xlsx', 'Excel (formato del POA)'],
  ['xlsx-flat', 'Excel (una fila por actividad)'],
  ['csv', 'CSV'],
  ['json', 'JSON'],
];

/** Links to download what a page shows (GET /export/...), read as the signed-in user. */
export function downloads(path) {
  return `<p class="downloads" data-testid="downloads" data-path="${escape(path)}">Descargar:
    ${FORMATS.map(([format, label]) => `<a href="${escape(path)}?format=${format}&amp;language=es" data-download="${format}"
      data-testid="download-${format}">${label}</a>`).join(' · ')}</p>`;
}

const TRANSPARENCY_FORMATS = [
  ['transparencia-iv', 'Art. 70 fr. IV (objetivos y metas)'],
  ['transparencia-v', 'Art. 70 fr. V (indicadores de interés público)'],
  ['transparencia-vi', 'Art. 70 fr. VI (indicadores de resultados)'],
];

/** The quarter a year's transparency formats default to: the current one in the current year, else the last (a past
 * year) or the first (a future one). */
export function defaultQuarter(year, today = new Date()) {
  const current = today.getFullYear();
  return Number(year) === current ? Math.floor(today.getMonth() / 3) + 1 : Number(year) < current ? 4 : 1;
}

/** Links to the transparency formats (Ley General de Transparencia, art. 70 fr. IV, V, VI) of a quarter, with the
 * quarter to choose; docs/transparency.md says what each column holds. */
export function transparencyDownloads(path, year) {
  const quarter = defaultQuarter(year);
  const href = (format, q) => `${escape(path)}?format=${format}&amp;periodo=${q}`;
  return `<p class="downloads" data-testid="transparency-downloads">Formatos de transparencia:
    <label>Trimestre <select data-transparency-quarter data-testid="transparency-quarter">
      ${[1, 2, 3, 4].map((q) => `<option value="${q}"${q === quarter ? ' selected' : ''}>${q}.º</option>`).join('')}
    </select></label>
    ${TRANSPARENCY_FORMATS.map(([format, label]) => `<a href="${href(format, quarter)}" data-download="${format}"
      data-format="${format}" data-testid="download-${format}">${label}</a>`).join(' · ')}</p>`;
}

/** Makes the download links of `root` fetch with the session cookie (reading may need one) and save the file. */
export function wireDownloads(root) {
  root.querySelectorAll('select[data-transparency-quarter]').forEach((select) => select.addEventListener('change', () => {
    select.closest('p').querySelectorAll('a[data-format]').forEach((link) => {
      link.setAttribute('href', link.getAttribute('href').replace(/periodo=\d/, `periodo=${select.value}`));
    });
  }));
  root.querySelectorAll('a[data-download]').forEach((link) => link.addEventListener('click', async (event) => {
    event.preventDefault();
    const response = await fetch(link.getAttribute('href'), { credentials: 'same-origin' });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      alert(body?.errors?.[0]?.message ?? `No se pudo descargar (${response.status}).`);
      return;
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? 'poa';
    const url = URL.createObjectURL(await response.blob());
    const save = document.createElement('a');
    save.href = url;
    save.download = name;
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }));
}

/** Runs `refresh` now, or once more after the run in progress: a burst of changes costs at most two reads. */
export function coalesce(refresh) {
  let running = null;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = refresh().catch((error) => console.warn('No se pudo actualizar', error)).finally(() => {
      running = null;
      if (again) {
        again = false;
        run();
      }
    });
  };
  return run;
}
