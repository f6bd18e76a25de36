import { gql, POA_CHANGED, subscribe } from '../graphql.js';
import { monthlyChart } from '../chart.js';
import { escape, light, money, number, percent } from '../format.js';
import { breakdowns, loadSpending, spending, coalesce, downloads, FIGURES, findingsTable, summaryCards, transparencyDownloads, wireDownloads } from '../views.js';
import { forecastSection, loadForecast } from '../forecast.js';
import { reportQuarter } from './report.js';
import { baselineCard, COMMENT_PAGE, commentsSection, CYCLE_FIELDS, cycleSection, wireComments, wireCycle } from '../cycle.js';

const QUERY = `query Department($municipality: String!, $year: Int!, $slug: String!) {
  poa(municipality: $municipality, year: $year) {
    department(slug: $slug) {
      name slug key
      ${FIGURES}
      ${CYCLE_FIELDS}
      pendingRequests
      comments(withActions: true, first: 50) { ${COMMENT_PAGE} }
      actions(first: 200) {
        nodes { number name axes investment trafficLight compliance { ratio } }
      }
    }
  }
}`;

const MORE_COMMENTS = `query DepartmentComments($municipality: String!, $year: Int!, $slug: String!, $after: String) {
  poa(municipality: $municipality, year: $year) { department(slug: $slug) { comments(withActions: true, first: 50, after: $after) { ${COMMENT_PAGE} } } }
}`;

/** An action's forecast in the actions table: projected compliance and light. */
function forecastCell(forecast, number) {
  return forecast ? `${percent(forecast.projectedCompliance)} ${light(forecast.light, `action-forecast-${number}`)}` : '—';
}

/** Tablero de una secretaría: its figures, its actions with their semáforos and its monthly chart. */
export async function render(root, { municipality, year, department: slug }) {
  let chart;
  const draw = async (message) => {
    const [{ poa }, forecast, spent] = await Promise.all([gql(QUERY, { municipality, year, slug }), loadForecast(gql, { municipality, year, slug }),
      loadSpending(gql, { municipality, year, slug })]);
    const department = poa.department;
    chart?.destroy();
    chart = null;
    if (!department) {
      root.innerHTML = `<h1>Secretaría no encontrada</h1><p>El POA ${year} no tiene la secretaría «${escape(slug)}».
        <a href="/poa/${year}" data-link>Volver al consolidado</a></p>`;
      return;
    }
    root.innerHTML = `
      <p class="crumbs"><a href="/poa/${year}" data-link>Consolidado ${year}</a> › ${escape(department.name)}</p>
      <h1 data-testid="department-name">${escape(department.name)}</h1>
      <p class="meta">Actualizado <span data-testid="department-updated">${new Date().toLocaleTimeString('es-MX')}</span></p>
      ${downloads(`/export/${encodeURIComponent(municipality)}/${year}/${encodeURIComponent(department.slug)}`)}
      ${transparencyDownloads(`/export/${encodeURIComponent(municipality)}/${year}/${encodeURIComponent(department.slug)}`, year)}
      ${cycleSection(department.cycle, { municipality, department: slug })}
      ${department.pendingRequests ? `<p class="notice" data-testid="pending-requests">${department.pendingRequests}
        ${department.pendingRequests === 1 ? 'solicitud de modificación espera' : 'solicitudes de modificación esperan'} a planeación.</p>` : ''}
      ${summaryCards(department.totals, department.compliance)}
      ${baselineCard(department.totals)}
      <p><a href="/comparar/${year}/${encodeURIComponent(department.slug)}" data-link data-testid="compare-link">Comparar con el año anterior</a> ·
        <a href="/informe/${year}/T${reportQuarter(year)}/${encodeURIComponent(department.slug)}" data-link data-testid="report-link">Informe trimestral de avance</a></p>
      ${forecastSection(forecast.forecast, forecast.earlyWarnings, year)}
      <h2>Acciones</h2>
      <table data-testid="actions"><thead><tr><th class="num">Núm.</th><th>Acción</th><th>Eje</th><th class="num">Inversión</th>
        <th class="num">Cumplimiento</th><th>Semáforo</th><th class="num">Pronóstico a DIC</th></tr></thead>
      <tbody>${department.actions.nodes.map((a) => `<tr data-number="${a.number}">
        <td class="num">${a.number}</td>
        <td><a href="/poa/${year}/${encodeURIComponent(department.slug)}/${a.number}" data-link>${escape(a.name)}</a></td>
        <td>${a.axes.map(escape).join(' / ')}</td><td class="num">${money(a.investment)}</td>
        <td class="num">${percent(a.compliance.ratio)}</td><td>${light(a.trafficLight, `action-light-${a.number}`)}</td>
        <td class="num">${forecastCell(forecast.byAction.get(a.number), a.number)}</td></tr>`).join('')}
      </tbody></table>
      <h2>Avance mensual: programado, alcanzado y ejercido</h2>
      <div class="chart"><canvas data-testid="monthly-chart"></canvas></div>
      ${breakdowns(department.byAxis, department.byChapter)}
      ${spending(spent)}
      <h2>Hallazgos</h2>
      ${findingsTable(department.findings)}
      ${commentsSection(department.comments, { municipality, department: slug })}`;
    chart = monthlyChart(root.querySelector('canvas'), department.monthly);
    const context = { municipality, year, department: slug };
    wireCycle(root, department.cycle, context, draw);
    wireComments(root, context, draw, async (after) =>
      (await gql(MORE_COMMENTS, { municipality, year, slug, after })).poa.department.comments);
    if (message) {
      const result = root.querySelector('[data-testid="cycle-result"]');
      result.className = 'status ok';
      result.textContent = message;
    }
    wireDownloads(root);
  };
  await draw();

  const redraw = coalesce(draw);
  const stop = subscribe(POA_CHANGED, { municipality, year }, {
    onNext: (data) => {
      if (data.poaChanged.departmentKey.endsWith(`/${slug}`)) redraw();
    },
    onReconnect: redraw,
  });
  return () => {
    stop();
    chart?.destroy();
  };
}
