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

export function findingsTable(findings, testid = 'findings') {
  if (!findings.length) return `<p data-testid="${testid}-none">Sin hallazgos.</p>`;
  return `<table data-testid="${testid}"><thead><tr><th>Código</th><th>Gravedad</th><th>Acción</th><th>Línea</th><th>Descripción</th>
      <th class="num">Esperado</th><th class="num">Encontrado</th></tr></thead><tbody>
    ${findings.map((f) => `<tr data-code="${escape(f.code)}" data-action="${f.actionNumber ?? ''}">
      <td><code>${escape(f.code)}</code></td><td>${SEVERITY[f.severity] ?? f.severity}</td><td>${f.actionNumber ?? '—'}</td>
      <td>${f.line ?? '—'}</td><td>${escape(f.message)}</td>
      <td class="num">${f.expected === null || f.expected === undefined ? '—' : number(f.expected)}</td>
      <td class="num">${f.actual === null || f.actual === undefined ? '—' : number(f.actual)}</td></tr>`).join('')}
  </tbody></table>`;
}

export const FIGURES = `
  totals {
    investment actions activities findings
    declaredBeneficiaries { men women total }
    largestCoverage { men women total }
  }
  compliance { upToMonth programmed achieved ratio light }
  monthly { month programmed achieved spent }
  byAxis { axis actions investment compliance { ratio light } }
  byChapter { chapter name actions investment compliance { ratio light } }
  findings { code severity message line actionNumber expected actual department }`;

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
