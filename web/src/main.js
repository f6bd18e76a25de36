import './style.css';
import { onLiveStatus } from './graphql.js';
import { escape } from './format.js';
import { can, loadMunicipalities, loadSession, onSession, roleName, session, signOut } from './session.js';
import * as poa from './pages/poa.js';
import * as department from './pages/department.js';
import * as action from './pages/action.js';
import * as importPage from './pages/import.js';
import * as signInPage from './pages/signin.js';
import * as passwordPage from './pages/password.js';
import * as accountPage from './pages/account.js';
import * as adminPage from './pages/admin.js';
import * as reviewPage from './pages/review.js';
import * as calendarPage from './pages/calendar.js';
import * as comparePage from './pages/compare.js';
import * as reportPage from './pages/report.js';

export const DEFAULT_YEAR = 2021;

// Page routes; the server answers each of them with index.html (SPA fallback).
const routes = [
  [/^\/$/, () => ({ page: poa, params: { year: Number(localStorage.getItem('poa.year')) || DEFAULT_YEAR } })],
  [/^\/poa\/(\d{4})\/?$/, (m) => ({ page: poa, params: { year: Number(m[1]) } })],
  [/^\/poa\/(\d{4})\/([^/]+)\/?$/, (m) => ({ page: department, params: { year: Number(m[1]), department: decodeURIComponent(m[2]) } })],
  [/^\/poa\/(\d{4})\/([^/]+)\/(\d+)\/?$/, (m) => ({
    page: action, params: { year: Number(m[1]), department: decodeURIComponent(m[2]), number: Number(m[3]) },
  })],
  [/^\/importar\/?$/, () => ({ page: importPage, params: {} })],
  [/^\/entrar\/?$/, () => ({ page: signInPage, params: {} })],
  [/^\/cambiar-contrasena\/?$/, () => ({ page: passwordPage, params: {} })],
  [/^\/cuenta\/?$/, () => ({ page: accountPage, params: {} })],
  [/^\/administracion\/?$/, () => ({ page: adminPage, params: {} })],
  [/^\/revision\/?$/, () => ({ page: reviewPage, params: { year: Number(localStorage.getItem('poa.year')) || DEFAULT_YEAR } })],
  [/^\/revision\/(\d{4})\/?$/, (m) => ({ page: reviewPage, params: { year: Number(m[1]) } })],
  [/^\/calendario\/(\d{4})\/?$/, (m) => ({ page: calendarPage, params: { year: Number(m[1]) } })],
  [/^\/informe\/(\d{4})\/T([1-4])\/?$/, (m) => ({ page: reportPage, params: { year: Number(m[1]), quarter: Number(m[2]) } })],
  [/^\/informe\/(\d{4})\/T([1-4])\/([^/]+)\/?$/, (m) => ({ page: reportPage, params: { year: Number(m[1]), quarter: Number(m[2]), department: decodeURIComponent(m[3]) } })],
  [/^\/comparar\/(\d{4})\/?$/, (m) => ({ page: comparePage, params: { year: Number(m[1]) } })],
  [/^\/comparar\/(\d{4})\/([^/]+)\/?$/, (m) => ({ page: comparePage, params: { year: Number(m[1]), department: decodeURIComponent(m[2]) } })],
];

const app = document.getElementById('app');
let cleanup = null;

async function render() {
  cleanup?.();
  cleanup = null;
  const path = location.pathname;
  const match = routes.map(([pattern, make]) => [path.match(pattern), make]).find(([m]) => m);
  if (!match) {
    app.innerHTML = `<h1>Página no encontrada</h1><p><a href="/" data-link>Volver al consolidado</a></p>`;
    return;
  }
  const { page, params } = match[1](match[0]);
  params.municipality = currentMunicipality();
  // A one-time password is changed before anything else.
  if (session().user?.mustChangePassword && page !== passwordPage && page !== signInPage) {
    navigate(`/cambiar-contrasena?volver=${encodeURIComponent(path)}`);
    return;
  }
  if (params.year) localStorage.setItem('poa.year', String(params.year));
  app.innerHTML = '<p class="loading">Cargando…</p>';
  try {
    cleanup = await page.render(app, params);
  } catch (error) {
    app.innerHTML = `<div class="error" data-testid="page-error"><h2>No se pudo cargar la página</h2><p>${escape(error.message)}</p></div>`;
  }
}

/** Reads who is signed in and which municipalities there are, then draws the page: at the start and after each
 * navigation, since signing in or out (or an admin's change) may have changed both. */
async function refresh() {
  await loadSession();
  try {
    municipalities = await loadMunicipalities();
  } catch {
    municipalities = [];
  }
  drawMunicipalities();
  render();
}

export function navigate(url) {
  history.pushState(null, '', url);
  refresh();
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
window.addEventListener('popstate', render);
window.addEventListener('poa:navigate', (event) => navigate(event.detail));

/** The municipality the pages show: ?municipio=, else the one chosen last, else the user's, else the first served. */
let municipalities = [];
function currentMunicipality() {
  const asked = new URLSearchParams(location.search).get('municipio');
  const known = (slug) => slug && (municipalities.length === 0 || municipalities.some((m) => m.slug === slug));
  for (const slug of [asked, localStorage.getItem('poa.municipality'), session().user?.municipality]) {
    if (known(slug)) return slug;
  }
  return municipalities[0]?.slug ?? 'zacatecas';
}

const select = document.querySelector('[data-testid="municipality-select"]');
select.addEventListener('change', () => {
  localStorage.setItem('poa.municipality', select.value);
  const url = new URL(location.href);
  url.searchParams.delete('municipio');
  navigate(url.pathname + url.search);
});

function drawMunicipalities() {
  const chosen = currentMunicipality();
  select.innerHTML = municipalities.map((m) => `<option value="${escape(m.slug)}" ${m.slug === chosen ? 'selected' : ''}>${escape(m.name)}</option>`).join('');
  select.closest('label').hidden = municipalities.length < 2;
}

/** The header: who is signed in and what they may open, or a link to sign in. */
const userArea = document.querySelector('[data-testid="user-area"]');
onSession((current) => {
  const user = current.user;
  const municipality = currentMunicipality();
  document.querySelector('[data-testid="nav-import"]').hidden = !can('import', { municipality });
  document.querySelector('[data-testid="nav-review"]').hidden = !can('plan', { municipality });
  document.querySelector('[data-testid="nav-admin"]').hidden = !can('administer', { municipality: user?.role === 'superadmin' ? municipality : user?.municipality });
  userArea.innerHTML = user
    ? `<a href="/cuenta" data-link data-testid="user-name">${escape(user.name ?? user.email ?? user.id)}</a>
       <span data-testid="user-role">${escape(roleName(user.role))}${user.department ? ` · ${escape(user.department)}` : ''}</span>
       <button type="button" class="link" data-testid="signout">Salir</button>`
    : `<a href="/entrar?volver=${encodeURIComponent(location.pathname)}" data-link data-testid="signin-link">Entrar</a>`;
  userArea.querySelector('[data-testid="signout"]')?.addEventListener('click', async () => {
    await signOut();
    navigate('/');
  });
});

const live = document.querySelector('[data-testid="live-status"]');
onLiveStatus((state) => {
  live.dataset.state = state;
  live.textContent = { live: '● En vivo', reconnecting: '◌ Reconectando…', off: '○ Sin conexión en vivo' }[state];
});

refresh();
