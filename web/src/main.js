import './style.css';
import { getToken, onLiveStatus, setToken, tokenClaims } from './graphql.js';
import { escape } from './format.js';
import * as poa from './pages/poa.js';
import * as department from './pages/department.js';
import * as action from './pages/action.js';
import * as importPage from './pages/import.js';

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
  params.municipality = new URLSearchParams(location.search).get('municipio') ?? 'zacatecas';
  if (params.year) localStorage.setItem('poa.year', String(params.year));
  app.innerHTML = '<p class="loading">Cargando…</p>';
  try {
    cleanup = await page.render(app, params);
  } catch (error) {
    app.innerHTML = `<div class="error" data-testid="page-error"><h2>No se pudo cargar la página</h2><p>${escape(error.message)}</p></div>`;
  }
}

export function navigate(url) {
  history.pushState(null, '', url);
  render();
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
window.addEventListener('popstate', render);
window.addEventListener('poa:navigate', (event) => navigate(event.detail));

// Token field: pasted once, kept in localStorage, sent as Bearer.
const tokenForm = document.querySelector('[data-testid="token-form"]');
const tokenInput = tokenForm.querySelector('input');
const who = tokenForm.querySelector('.who');
function showWho() {
  const claims = tokenClaims();
  tokenInput.value = getToken();
  who.textContent = claims ? `${claims.name ?? claims.sub} · ${claims.role}${claims.department ? ` · ${claims.department}` : ''}` : 'sin token (solo lectura)';
}
tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  setToken(tokenInput.value.trim());
  showWho();
});
showWho();

const live = document.querySelector('[data-testid="live-status"]');
onLiveStatus((state) => {
  live.dataset.state = state;
  live.textContent = { live: '● En vivo', reconnecting: '◌ Reconectando…', off: '○ Sin conexión en vivo' }[state];
});

render();
