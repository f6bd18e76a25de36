import { gql, POA_CHANGED, subscribe } from '../graphql.js';
import { monthlyChart } from '../chart.js';
import { escape, light, money, number, percent } from '../format.js';
import { breakdowns, loadSpending, spending, coalesce, downloads, FIGURES, findingsTable, summaryCards, transparencyDownloads, wireDownloads } from '../views.js';
import { can, municipality as served } from '../session.js';
import { reportQuarter } from './report.js';
import { baselineCard, STATUS_NAMES, statusBadge } from '../cycle.js';
import { forecastSection, loadForecast } from '../forecast.js';

const QUERY = `query Poa($municipality: String!, $year: Int!) {
  poa(municipality: $municipality, year: $year) {
    key year
    ${FIGURES}
    statusCounts { status count }
    lateDepartments(first: 20) { totalCount nodes { slug name } }
    calendar { submissionDeadline }
    departments(first: 100) {
      nodes { name slug totals { investment actions activities findings } compliance { ratio light } cycle { status late } }
    }
  }
}`;

/** Consolidado municipal: the POA's figures for a year, refreshed live on every change of any department. */
export async function render(root, { municipality, year }) {
  let chart;
  const years = served(municipality)?.years?.length ? served(municipality).years : [year];
  const draw = async () => {
    const [{ poa }, forecast, spent] = await Promise.all([gql(QUERY, { municipality, year }), loadForecast(gql, { municipality, year }),
      loadSpending(gql, { municipality, year })]);
    chart?.destroy();
    root.innerHTML = `
      <h1>Consolidado ${escape(served(municipality)?.name ?? municipality)} ${year}</h1>
      <p class="meta">Actualizado <span data-testid="poa-updated">${new Date().toLocaleTimeString('es-MX')}</span> ·
        <label>Año <select data-testid="year-select" class="year">${years.map((y) =>
          `<option value="${y}" ${y === year ? 'selected' : ''}>${y}</option>`).join('')}</select></label></p>
      ${downloads(`/export/${encodeURIComponent(municipality)}/${year}`)}
      <p><a href="/datos/${encodeURIComponent(municipality)}/${year}" data-testid="open-data-link" download>Datos abiertos (Fiscal Data Package)</a></p>
      ${transparencyDownloads(`/export/${encodeURIComponent(municipality)}/${year}`, year)}
      ${summaryCards(poa.totals, poa.compliance)}
      ${baselineCard(poa.totals)}
      <p><a href="/comparar/${year}" data-link data-testid="compare-link">Comparar con el año anterior</a> ·
        <a href="/informe/${year}/T${reportQuarter(year)}" data-link data-testid="report-link">Informe trimestral de avance</a></p>
      ${forecastSection(forecast.forecast, forecast.earlyWarnings, year)}
      <h2>Estado de los POA</h2>
      <section class="cards" data-testid="status-counts">${poa.statusCounts.map((c) => `<article class="card" data-status="${c.status}">
        <h3>${STATUS_NAMES[c.status]}</h3><p class="big" data-testid="status-count-${c.status.toLowerCase()}">${number(c.count)}</p></article>`).join('')}</section>
      <p class="meta">${poa.calendar.submissionDeadline ? `Fecha límite de envío: ${escape(poa.calendar.submissionDeadline)}.` : 'Sin fecha límite de envío.'}
        ${poa.lateDepartments.totalCount ? `<span data-testid="late-departments">Con retraso: ${poa.lateDepartments.nodes.map((d) => escape(d.name)).join(', ')}${
          poa.lateDepartments.totalCount > poa.lateDepartments.nodes.length ? ` y ${poa.lateDepartments.totalCount - poa.lateDepartments.nodes.length} más` : ''}.</span>` : ''}
        ${can('plan', { municipality }) ? `<a href="/revision" data-link data-testid="review-link">Bandeja de revisión</a> ·
          <a href="/calendario/${year}" data-link data-testid="calendar-link">Calendario de cortes</a>` : ''}</p>
      <h2>Secretarías</h2>
      <table data-testid="departments"><thead><tr><th>Secretaría</th><th class="num">Acciones</th><th class="num">Actividades</th>
        <th class="num">Inversión</th><th class="num">Cumplimiento</th><th>Semáforo</th><th class="num">Hallazgos</th><th>Estado</th></tr></thead>
      <tbody>${poa.departments.nodes.map((d) => `<tr data-slug="${escape(d.slug)}">
        <td><a href="/poa/${year}/${encodeURIComponent(d.slug)}" data-link>${escape(d.name)}</a></td>
        <td class="num">${number(d.totals.actions)}</td><td class="num">${number(d.totals.activities)}</td>
        <td class="num">${money(d.totals.investment)}</td><td class="num">${percent(d.compliance.ratio)}</td>
        <td>${light(d.compliance.light)}</td><td class="num">${number(d.totals.findings)}</td>
        <td>${statusBadge(d.cycle.status, `status-${d.slug}`)}${d.cycle.late ? ' <span class="tag">Con retraso</span>' : ''}</td></tr>`).join('') ||
        '<tr><td colspan="8">Este año no tiene POA importado. <a href="/importar" data-link>Importar</a></td></tr>'}</tbody></table>
      <h2>Avance mensual: programado, alcanzado y ejercido</h2>
      <div class="chart"><canvas data-testid="monthly-chart"></canvas></div>
      ${breakdowns(poa.byAxis, poa.byChapter)}
      ${spending(spent)}
      <h2>Hallazgos</h2>
      ${findingsTable(poa.findings)}`;
    chart = monthlyChart(root.querySelector('canvas'), poa.monthly);
    wireDownloads(root);
    root.querySelector('[data-testid="year-select"]').addEventListener('change', (event) => {
      window.dispatchEvent(new CustomEvent('poa:navigate', { detail: `/poa/${Number(event.target.value)}` }));
    });
  };
  await draw();

  // A change anywhere in the POA re-reads the page: the message says that something changed, the query says what.
  const redraw = coalesce(draw);
  const stop = subscribe(POA_CHANGED, { municipality, year }, { onNext: redraw, onReconnect: redraw });
  return () => {
    stop();
    chart?.destroy();
  };
}
