import { gql } from '../graphql.js';
import { date, escape, number } from '../format.js';
import { can } from '../session.js';
import { STATUS_NAMES, statusBadge } from '../cycle.js';

const QUERY = `query Review($municipality: String!, $year: Int!) {
  poa(municipality: $municipality, year: $year) {
    reviewInbox(first: 50) {
      totalCount
      nodes { name slug totals { actions investment } cycle { status submittedAt submissionChecks { key explanation finding { severity } } } }
    }
    departments(first: 100) { nodes { name slug pendingRequests cycle { status } } }
  }
}`;

/** Bandeja de revisión: what waits for the planning unit, the longest waiting first, and the modification requests. */
export async function render(root, { municipality, year }) {
  if (!can('plan', { municipality })) {
    root.innerHTML = `<h1>Bandeja de revisión</h1><p class="notice" data-testid="review-forbidden">La bandeja es de planeación y de la
      administración del municipio.</p>`;
    return () => {};
  }
  const { poa } = await gql(QUERY, { municipality, year });
  const waiting = poa.reviewInbox.nodes;
  const requests = poa.departments.nodes.filter((d) => d.pendingRequests > 0);
  root.innerHTML = `
    <p class="crumbs"><a href="/poa/${year}" data-link>Consolidado ${year}</a> › Bandeja de revisión</p>
    <h1>Bandeja de revisión ${year}</h1>
    <h2>POA por revisar (${poa.reviewInbox.totalCount})</h2>
    ${waiting.length ? `<table data-testid="review-inbox"><thead><tr><th>Secretaría</th><th>Estado</th><th>Enviado</th><th class="num">Acciones</th>
        <th class="num">Advertencias explicadas</th></tr></thead><tbody>
      ${waiting.map((d) => {
        const warnings = d.cycle.submissionChecks.filter((c) => c.finding.severity === 'WARNING');
        return `<tr data-slug="${escape(d.slug)}"><td><a href="/poa/${year}/${encodeURIComponent(d.slug)}" data-link>${escape(d.name)}</a></td>
          <td>${statusBadge(d.cycle.status, `inbox-status-${d.slug}`)}</td><td>${d.cycle.submittedAt ? date(d.cycle.submittedAt) : '—'}</td>
          <td class="num">${number(d.totals.actions)}</td><td class="num">${warnings.filter((w) => w.explanation).length} de ${warnings.length}</td></tr>`;
      }).join('')}</tbody></table>
      ${poa.reviewInbox.totalCount > waiting.length ? `<p class="hint" data-testid="review-inbox-more">Se muestran los ${waiting.length} que más esperan de
        ${poa.reviewInbox.totalCount}; los demás aparecen al decidir estos.</p>` : ''}` : '<p data-testid="review-inbox-empty">Nada espera revisión.</p>'}
    <h2>Solicitudes de modificación pendientes</h2>
    ${requests.length ? `<table data-testid="review-requests"><thead><tr><th>Secretaría</th><th>Estado del POA</th><th class="num">Solicitudes</th></tr></thead><tbody>
      ${requests.map((d) => `<tr><td><a href="/poa/${year}/${encodeURIComponent(d.slug)}" data-link>${escape(d.name)}</a></td>
        <td>${STATUS_NAMES[d.cycle.status]}</td><td class="num">${d.pendingRequests}</td></tr>`).join('')}</tbody></table>`
      : '<p data-testid="review-requests-empty">No hay solicitudes pendientes.</p>'}`;
  return () => {};
}
