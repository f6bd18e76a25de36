import { gql } from '../graphql.js';
import { escape, light, money, number, percent } from '../format.js';
import { municipality as served } from '../session.js';

const ROW = `key name number investment programmedQuarter achievedQuarter programmedToDate achievedToDate
  quarterCompliance { ratio light } compliance { ratio light }
  moments { approved modified committed accrued exercised paid } justifications evidence`;
const REPORT = `year quarter fromMonth toMonth rows { ${ROW} } total { ${ROW} }`;

const CITY = `query CityReport($municipality: String!, $year: Int!, $quarter: Int!) {
  poa(municipality: $municipality, year: $year) { quarterlyReport(quarter: $quarter) { ${REPORT} } }
}`;
const DEPARTMENT = `query DepartmentReport($municipality: String!, $year: Int!, $slug: String!, $quarter: Int!) {
  poa(municipality: $municipality, year: $year) { department(slug: $slug) { name quarterlyReport(quarter: $quarter) { ${REPORT} } } }
}`;

/** The quarter a report opens at: this one for the current year, the last for a past one, the first for a future one. */
export function reportQuarter(year) {
  const today = new Date();
  if (year === today.getFullYear()) return Math.floor(today.getMonth() / 3) + 1;
  return year < today.getFullYear() ? 4 : 1;
}

const QUARTERS = ['enero–marzo', 'abril–junio', 'julio–septiembre', 'octubre–diciembre'];
const SIZES = { carta: 'Carta', a4: 'A4' };

/** Informe trimestral de avance, made for printing: Letter or A4, the municipality's name and the page numbers in the
 * page margins, a chart drawn as SVG (it prints as sharp as the text). */
export async function render(root, { municipality, year, quarter, department: slug }) {
  const data = slug
    ? (await gql(DEPARTMENT, { municipality, year, slug, quarter })).poa.department
    : (await gql(CITY, { municipality, year, quarter })).poa;
  if (!data) {
    root.innerHTML = '<h1>Secretaría no encontrada</h1>';
    return;
  }
  const report = data.quarterlyReport;
  const place = served(municipality)?.name ?? municipality;
  const title = `Informe trimestral de avance ${year}, ${quarter}.º trimestre (${QUARTERS[quarter - 1]})`;
  const size = localStorage.getItem('poa.paper') === 'a4' ? 'a4' : 'carta';
  const base = slug ? `/informe/${year}/T${quarter}/${encodeURIComponent(slug)}` : `/informe/${year}/T${quarter}`;
  const exportPath = `/export/${encodeURIComponent(municipality)}/${year}${slug ? `/${encodeURIComponent(slug)}` : ''}`;
  root.innerHTML = `
    <style data-testid="page-size" data-paper="${size}">${pageRule(size, place, title)}</style>
    <div class="screen-only report-tools">
      <label>Trimestre <select data-testid="report-quarter">${[1, 2, 3, 4].map((q) => `<option value="${q}" ${q === quarter ? 'selected' : ''}>T${q}</option>`).join('')}</select></label>
      <label>Papel <select data-testid="report-paper">${Object.entries(SIZES).map(([k, v]) => `<option value="${k}" ${k === size ? 'selected' : ''}>${v}</option>`).join('')}</select></label>
      <button type="button" data-testid="report-print">Imprimir o guardar PDF</button>
      <a href="${exportPath}?format=informe-trimestral&amp;periodo=${quarter}" data-testid="report-xlsx" download>Descargar Excel</a>
    </div>
    <article class="report" data-testid="report">
      <header><p class="report-place" data-testid="report-place">${escape(place)}</p>
        <h1 data-testid="report-title">${escape(title)}</h1>
        <p class="meta">${slug ? escape(data.name) : 'Consolidado municipal'} · meses ${report.fromMonth} a ${report.toMonth} · acumulado de enero al cierre del trimestre</p></header>
      ${chart(report.rows)}
      <table class="report-table" data-testid="report-table"><thead><tr>
        <th>${slug ? 'Acción' : 'Secretaría'}</th><th class="num">Inversión</th>
        <th class="num">Programado trim.</th><th class="num">Alcanzado trim.</th><th class="num">Cumpl. trim.</th>
        <th class="num">Programado acum.</th><th class="num">Alcanzado acum.</th><th class="num">Cumpl. acum.</th><th>Semáforo</th>
        <th class="num">Comprometido</th><th class="num">Devengado</th><th class="num">Ejercido</th><th class="num">Pagado</th><th class="num">Evidencias</th>
      </tr></thead><tbody>
        ${report.rows.map((r) => row(r, slug)).join('')}
        ${row(report.total, slug, true)}
      </tbody></table>
      ${slug ? justifications(report.rows) : ''}
    </article>`;
  root.querySelector('[data-testid="report-print"]').addEventListener('click', () => window.print());
  root.querySelector('[data-testid="report-quarter"]').addEventListener('change', (event) => {
    window.dispatchEvent(new CustomEvent('poa:navigate', { detail: base.replace(`/T${quarter}`, `/T${event.target.value}`) }));
  });
  root.querySelector('[data-testid="report-paper"]').addEventListener('change', (event) => {
    // Only the @page rule changes: the report stays on screen, nothing is fetched again.
    const paper = event.target.value === 'a4' ? 'a4' : 'carta';
    localStorage.setItem('poa.paper', paper);
    const style = root.querySelector('[data-testid="page-size"]');
    style.textContent = pageRule(paper, place, title);
    style.dataset.paper = paper;
  });
}

/** The printed page: paper size, margins, the municipality and the title at the top, "Página N de M" at the bottom. */
function pageRule(size, place, title) {
  return `@page { size: ${size === 'a4' ? 'A4' : 'letter'} landscape; margin: 16mm 12mm 18mm;
      @top-left { content: "${escape(place)}"; font-size: 9pt; } @top-right { content: "${escape(title)}"; font-size: 9pt; }
      @bottom-right { content: "Página " counter(page) " de " counter(pages); font-size: 9pt; } }`;
}

function row(r, slug, total = false) {
  const key = total ? 'total' : (slug ? `action-${r.number}` : r.key.split('/').pop());
  return `<tr class="${total ? 'total' : ''}" data-testid="report-row-${escape(key)}">
    <td>${total ? '<strong>Total</strong>' : `${r.number != null ? `${r.number}. ` : ''}${escape(r.name)}`}</td>
    <td class="num">${money(r.investment)}</td>
    <td class="num">${number(r.programmedQuarter)}</td><td class="num" data-testid="report-${escape(key)}-achieved-quarter">${number(r.achievedQuarter)}</td>
    <td class="num">${percent(r.quarterCompliance.ratio)}</td>
    <td class="num">${number(r.programmedToDate)}</td><td class="num">${number(r.achievedToDate)}</td>
    <td class="num" data-testid="report-${escape(key)}-compliance">${percent(r.compliance.ratio)}</td><td>${light(r.compliance.light)}</td>
    <td class="num">${money(r.moments.committed)}</td><td class="num">${money(r.moments.accrued)}</td>
    <td class="num" data-testid="report-${escape(key)}-exercised">${money(r.moments.exercised)}</td><td class="num">${money(r.moments.paid)}</td>
    <td class="num">${number(r.evidence)}</td></tr>`;
}

function justifications(rows) {
  const explained = rows.filter((r) => r.justifications.length);
  if (!explained.length) return '<p class="meta">Sin justificaciones reportadas en el trimestre.</p>';
  return `<h2>Justificación de las desviaciones</h2><dl class="report-notes" data-testid="report-justifications">
    ${explained.map((r) => `<dt>${r.number}. ${escape(r.name)}</dt>${r.justifications.map((j) => `<dd>${escape(j)}</dd>`).join('')}`).join('')}</dl>`;
}

/** Programmed and achieved to date per row, as horizontal bars in SVG. */
function chart(rows) {
  if (!rows.length) return '';
  const max = Math.max(1, ...rows.map((r) => Math.max(Number(r.programmedToDate), Number(r.achievedToDate))));
  const height = 22;
  const width = 640;
  const label = 220;
  const scale = (v) => (Number(v) / max) * (width - label - 60);
  return `<figure class="report-chart"><svg data-testid="report-chart" viewBox="0 0 ${width} ${rows.length * height + 24}" role="img"
      aria-label="Programado y alcanzado acumulados">
    ${rows.map((r, i) => `<g transform="translate(0 ${i * height})">
      <text x="${label - 6}" y="14" text-anchor="end" font-size="10">${escape(`${r.number != null ? `${r.number}. ` : ''}${r.name}`.slice(0, 38))}</text>
      <rect x="${label}" y="3" width="${scale(r.programmedToDate)}" height="7" fill="#9db4d6"></rect>
      <rect x="${label}" y="11" width="${scale(r.achievedToDate)}" height="7" fill="#2f6b3a"></rect>
      <text x="${label + Math.max(scale(r.programmedToDate), scale(r.achievedToDate)) + 4}" y="16" font-size="9">${percent(r.compliance.ratio)}</text></g>`).join('')}
    <g transform="translate(${label} ${rows.length * height + 8})"><rect width="10" height="8" fill="#9db4d6"></rect>
      <text x="14" y="8" font-size="9">Programado acumulado</text><rect x="130" width="10" height="8" fill="#2f6b3a"></rect>
      <text x="144" y="8" font-size="9">Alcanzado acumulado</text></g>
  </svg></figure>`;
}
