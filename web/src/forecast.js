// Pronóstico and alerta temprana: the year-end compliance projected from the months reported, with its method and
// assumptions beside the figure, and the actions projected red by the investment at risk (docs/decisions/0013).
import { escape, figure, light, money, monthName, number, percent } from './format.js';

const FORECAST_FIELDS = `basis monthsReported programmedToDate achievedToDate programmedLeft annualProgrammed runRate
  projectedAchieved projectedCompliance light investmentAtRisk actionsOnPlan method(language: ES) assumptions(language: ES)`;

const WARNINGS = `earlyWarnings(first: 20) {
    totalCount
    nodes { investmentAtRisk action { department number name investment } forecast { projectedCompliance runRate light } }
  }`;

const CITY = `query PoaForecast($municipality: String!, $year: Int!) {
  poa(municipality: $municipality, year: $year) { forecast { ${FORECAST_FIELDS} } ${WARNINGS} }
}`;

const DEPARTMENT = `query DepartmentForecast($municipality: String!, $year: Int!, $slug: String!) {
  poa(municipality: $municipality, year: $year) { department(slug: $slug) {
    forecast { ${FORECAST_FIELDS} } ${WARNINGS}
    actions(first: 200) { nodes { number forecast { projectedCompliance light } } }
  } }
}`;

/** The forecast of the city, or of a department with each of its actions', in a query of its own: added to the
 * pages' figures it would make the city's read a heavy operation (GraphQL:HeavyComplexity) that takes turns. */
export async function loadForecast(gql, { municipality, year, slug }) {
  if (!slug) return (await gql(CITY, { municipality, year })).poa;
  const department = (await gql(DEPARTMENT, { municipality, year, slug })).poa.department;
  if (!department) return null;
  department.byAction = new Map(department.actions.nodes.map((a) => [a.number, a.forecast]));
  return department;
}

const BASIS = {
  RUN_RATE: 'Ritmo de avance de los meses reportados',
  PLAN: 'Sin programación a la fecha: se supone lo programado',
  FINAL: 'Año completo: cumplimiento reportado',
  NO_MONTHS_REPORTED: 'Sin proyección',
  NOTHING_PROGRAMMED: 'Sin proyección',
};

/** The forecast card with its method and assumptions, and the early-warning table. */
export function forecastSection(forecast, warnings, year) {
  const reported = forecast.monthsReported ? `${monthName(1)}–${monthName(forecast.monthsReported)}` : 'ninguno';
  const rows = warnings.nodes.map((w) => `<tr data-department="${escape(w.action.department)}" data-number="${w.action.number}">
      <td><a href="/poa/${year}/${encodeURIComponent(w.action.department)}/${w.action.number}" data-link>${escape(w.action.department)} · ${w.action.number}</a></td>
      <td>${escape(w.action.name)}</td><td class="num">${money(w.action.investment)}</td>
      <td class="num">${percent(w.forecast.runRate)}</td><td class="num">${percent(w.forecast.projectedCompliance)}</td>
      <td>${light(w.forecast.light)}</td>
      <td class="num">${figure(`warning-risk-${w.action.department}-${w.action.number}`, money(w.investmentAtRisk), w.investmentAtRisk)}</td></tr>`).join('');
  return `<h2>Pronóstico al cierre del año</h2>
    <section class="cards" data-testid="forecast">
      <article class="card"><h3>Cumplimiento proyectado a DIC</h3>
        <p class="big">${figure('forecast-ratio', percent(forecast.projectedCompliance), forecast.projectedCompliance ?? '')}</p>
        <p>${light(forecast.light, 'forecast-light')}</p>
        <p class="hint">${escape(BASIS[forecast.basis] ?? forecast.basis)}. Meses reportados: <span data-testid="forecast-months">${reported}</span>.</p>
        ${forecast.projectedAchieved === null ? '' : `<p class="hint">Alcanzado proyectado ${number(forecast.projectedAchieved)} de
          ${number(forecast.annualProgrammed)} programado en el año (a la fecha ${number(forecast.achievedToDate)} de ${number(forecast.programmedToDate)}).</p>`}
        <p>Inversión en riesgo: <strong>${figure('forecast-risk', money(forecast.investmentAtRisk), forecast.investmentAtRisk)}</strong></p></article>
      <article class="card wide"><h3>Método y supuestos</h3>
        <p data-testid="forecast-method">${escape(forecast.method)}</p>
        <ul data-testid="forecast-assumptions">${forecast.assumptions.map((a) => `<li>${escape(a)}</li>`).join('')}</ul>
        <p class="hint">Inversión en riesgo = inversión × |1 − cumplimiento proyectado|, como máximo la inversión.</p></article>
    </section>
    <h3>Alerta temprana: acciones que terminarían en rojo</h3>
    ${warnings.totalCount === 0
    ? '<p data-testid="early-warnings-none">Ninguna acción termina en rojo según el pronóstico.</p>'
    : `<table data-testid="early-warnings"><thead><tr><th>Acción</th><th>Nombre</th><th class="num">Inversión</th><th class="num">Ritmo</th>
        <th class="num">Proyectado</th><th>Semáforo</th><th class="num">En riesgo</th></tr></thead><tbody>${rows}</tbody></table>
      ${warnings.totalCount > warnings.nodes.length ? `<p class="hint">Y ${warnings.totalCount - warnings.nodes.length} más.</p>` : ''}`}`;
}
