import { gql } from '../graphql.js';
import { escape, figure, light, money, monthName, number, percent } from '../format.js';
import { municipality as served } from '../session.js';

const FIGURES = `investment { year with difference change } actions { year with difference } activities { year with difference }
  declaredBeneficiaries { men { year with difference } women { year with difference } }
  compliance { year { ratio light } with { ratio light } difference }`;

// What a row of the departments' or actions' table shows.
const ROW = 'investment { year with difference } compliance { year { ratio } with { ratio } }';

const CITY = `query CompareCity($municipality: String!, $year: Int!, $with: Int!) {
  compare(municipality: $municipality, year: $year, with: $with) {
    year with upToMonth
    totals { ${FIGURES} }
    departments { slug name presence totals { ${ROW} } }
  }
}`;

const DEPARTMENT = `query CompareDepartment($municipality: String!, $year: Int!, $with: Int!, $slug: String!) {
  compare(municipality: $municipality, year: $year, with: $with) {
    year with upToMonth
    department(slug: $slug) {
      slug name presence totals { ${FIGURES} }
      actions(first: 500) { totalCount nodes { number name presence totals { ${ROW} } } }
    }
  }
}`;

const PRESENCE = { BOTH: 'En ambos años', ONLY_IN_YEAR: 'Solo en', ONLY_IN_WITH: 'Solo en' };

const presence = (p, c) => (p === 'BOTH' ? PRESENCE.BOTH : `${PRESENCE[p]} ${p === 'ONLY_IN_YEAR' ? c.year : c.with}`);

const signed = (value, format) => (Number(value) > 0 ? `+${format(value)}` : format(value));

/** The comparison table of the totals: each measure in both years and the difference. */
function totalsTable(t, c, testid) {
  const row = (name, key, f, format) => `<tr data-measure="${key}"><th>${name}</th>
    <td class="num">${figure(`${testid}-${key}-year`, format(f.year), f.year)}</td><td class="num">${format(f.with)}</td>
    <td class="num">${figure(`${testid}-${key}-difference`, signed(f.difference, format), f.difference)}</td>
    <td class="num">${f.change === undefined ? '' : percent(f.change)}</td></tr>`;
  const compliance = t.compliance;
  return `<table data-testid="${testid}"><thead><tr><th></th><th class="num">${c.year}</th><th class="num">${c.with}</th>
      <th class="num">Diferencia</th><th class="num">Cambio</th></tr></thead><tbody>
    ${row('Inversión', 'investment', t.investment, money)}
    ${row('Acciones', 'actions', t.actions, number)}
    ${row('Actividades', 'activities', t.activities, number)}
    ${row('Beneficiarios hombres (suma declarada)', 'men', t.declaredBeneficiaries.men, number)}
    ${row('Beneficiarias mujeres (suma declarada)', 'women', t.declaredBeneficiaries.women, number)}
    <tr data-measure="compliance"><th>Cumplimiento a ${monthName(c.upToMonth)}</th>
      <td class="num">${figure(`${testid}-compliance-year`, percent(compliance.year.ratio), compliance.year.ratio ?? '')} ${light(compliance.year.light)}</td>
      <td class="num">${percent(compliance.with.ratio)} ${light(compliance.with.light)}</td>
      <td class="num">${compliance.difference === null ? '—' : `${signed(compliance.difference * 100, number)} pts.`}</td><td></td></tr>
  </tbody></table>`;
}

/** One row per department (or action) of either year, with what it has in each. */
function rowsTable(items, c, key, link, testid) {
  return `<table data-testid="${testid}"><thead><tr><th>${key === 'number' ? 'Núm.' : 'Secretaría'}</th>${key === 'number' ? '<th>Acción</th>' : ''}
      <th>Presencia</th><th class="num">Inversión ${c.year}</th><th class="num">Inversión ${c.with}</th><th class="num">Diferencia</th>
      <th class="num">Cumplimiento ${c.year}</th><th class="num">Cumplimiento ${c.with}</th></tr></thead><tbody>
    ${items.map((i) => `<tr data-key="${escape(i[key])}" data-presence="${i.presence}">
      <td>${link(i)}</td>${key === 'number' ? `<td>${escape(i.name)}</td>` : ''}
      <td>${presence(i.presence, c)}</td>
      <td class="num">${money(i.totals.investment.year)}</td><td class="num">${money(i.totals.investment.with)}</td>
      <td class="num">${signed(i.totals.investment.difference, money)}</td>
      <td class="num">${percent(i.totals.compliance.year.ratio)}</td><td class="num">${percent(i.totals.compliance.with.ratio)}</td></tr>`).join('')
    || '<tr><td colspan="8">Sin datos en ninguno de los dos años.</td></tr>'}</tbody></table>`;
}

function onlyLists(items, c, label, testid) {
  const only = (p) => items.filter((i) => i.presence === p);
  const list = (p) => (only(p).length ? only(p).map((i) => `<li data-key="${escape(i.key)}">${escape(i.label)}</li>`).join('') : '<li>Ninguna</li>');
  return `<section class="two" data-testid="${testid}">
    <div><h3>${label} solo en ${c.year} (nuevas)</h3><ul data-testid="${testid}-year">${list('ONLY_IN_YEAR')}</ul></div>
    <div><h3>${label} solo en ${c.with} (ya no están)</h3><ul data-testid="${testid}-with">${list('ONLY_IN_WITH')}</ul></div></section>`;
}

/** Comparación anual: a year against another (the year before by default, ?con=AÑO for another), for the city or one department. */
export async function render(root, { municipality, year, department: slug }) {
  const asked = Number(new URLSearchParams(location.search).get('con'));
  const withYear = asked || year - 1;
  const years = served(municipality)?.years ?? [];
  const base = slug ? `/poa/${year}/${encodeURIComponent(slug)}` : `/poa/${year}`;
  if (years.length && !years.includes(withYear)) {
    root.innerHTML = `<h1>Comparar ${year} con ${withYear}</h1>
      <p data-testid="compare-missing">No hay POA ${withYear} de este municipio para comparar. Años disponibles: ${years.join(', ')}.
      <a href="${base}" data-link>Volver</a></p>`;
    return undefined;
  }
  const selector = `<label>Comparar con <select data-testid="compare-with">${years.filter((y) => y !== year).map((y) =>
    `<option value="${y}" ${y === withYear ? 'selected' : ''}>${y}</option>`).join('')}</select></label>`;
  if (!slug) {
    const { compare } = await gql(CITY, { municipality, year, with: withYear });
    root.innerHTML = `<p class="crumbs"><a href="${base}" data-link>Consolidado ${year}</a> › Comparación</p>
      <h1 data-testid="compare-title">Comparación ${year} con ${withYear}</h1>
      <p class="meta">${selector} · Cumplimiento de ambos años al mes ${monthName(compare.upToMonth)}.
        Secretarías emparejadas por su nombre (clave), acciones por su número dentro de la secretaría.</p>
      ${totalsTable(compare.totals, compare, 'compare-totals')}
      ${onlyLists(compare.departments.map((d) => ({ ...d, key: d.slug, label: d.name })), compare, 'Secretarías', 'compare-only')}
      <h2>Secretarías</h2>
      ${rowsTable(compare.departments, compare, 'slug', (d) => `<a href="/comparar/${year}/${encodeURIComponent(d.slug)}?con=${withYear}" data-link>${escape(d.name)}</a>`, 'compare-departments')}`;
  } else {
    const { compare } = await gql(DEPARTMENT, { municipality, year, with: withYear, slug });
    const department = compare.department;
    if (!department) {
      root.innerHTML = `<h1>Secretaría no encontrada</h1><p>Ni ${year} ni ${withYear} tienen la secretaría «${escape(slug)}».</p>`;
      return undefined;
    }
    const actions = department.actions.nodes;
    root.innerHTML = `<p class="crumbs"><a href="/comparar/${year}?con=${withYear}" data-link>Comparación ${year} con ${withYear}</a> ›
        <a href="${base}" data-link>${escape(department.name)}</a></p>
      <h1 data-testid="compare-title">${escape(department.name)}: ${year} con ${withYear}</h1>
      <p class="meta">${selector} · ${presence(department.presence, compare)} · Cumplimiento al mes ${monthName(compare.upToMonth)}.
        Acciones emparejadas por su número.</p>
      ${totalsTable(department.totals, compare, 'compare-totals')}
      ${onlyLists(actions.map((a) => ({ ...a, key: a.number, label: `${a.number}. ${a.name}` })), compare, 'Acciones', 'compare-only')}
      <h2>Acciones</h2>
      ${rowsTable(actions, compare, 'number', (a) => String(a.number), 'compare-actions')}`;
  }
  root.querySelector('[data-testid="compare-with"]')?.addEventListener('change', (event) => {
    const path = slug ? `/comparar/${year}/${encodeURIComponent(slug)}` : `/comparar/${year}`;
    window.dispatchEvent(new CustomEvent('poa:navigate', { detail: `${path}?con=${Number(event.target.value)}` }));
  });
  return undefined;
}
