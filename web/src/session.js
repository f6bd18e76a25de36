// Who is signed in, as the server says (/auth/me), and what the pages may offer them. The server decides every
// permission again; the pages only leave out the forms a user could not use.

let current = { signedIn: false, user: null, csrfToken: null, singleSignOn: false, publicRead: true };
const listeners = new Set();

export function session() {
  return current;
}

export function csrfToken() {
  return current.csrfToken;
}

/** Calls `listener` with the session now and whenever it changes (sign-in, sign-out). */
export function onSession(listener) {
  listeners.add(listener);
  listener(current);
  return () => listeners.delete(listener);
}

export async function loadSession() {
  const response = await fetch('/auth/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  current = await response.json();
  for (const listener of listeners) listener(current);
  return current;
}

/** An error of the sign-in endpoints, with the server's Spanish message and its code. */
export class SignInError extends Error {
  constructor(body, status) {
    super(body?.message ?? `El servidor respondió ${status}.`);
    this.code = body?.code ?? 'ERROR';
    this.field = body?.field;
  }
}

async function post(url, body) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (current.csrfToken) headers['X-CSRF-TOKEN'] = current.csrfToken;
  const response = await fetch(url, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body ?? {}) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new SignInError(json, response.status);
  return json;
}

export async function signIn(email, password) {
  const user = await post('/auth/signin', { email, password });
  await loadSession();
  return user;
}

export async function signOut() {
  await post('/auth/signout');
  await loadSession();
}

export async function changePassword(currentPassword, newPassword) {
  await post('/auth/password', { currentPassword, newPassword });
  await loadSession();
}

const ROLE_NAMES = { viewer: 'consulta', editor: 'captura', planner: 'planeación', admin: 'administración', superadmin: 'operación' };

export function roleName(role) {
  return ROLE_NAMES[role] ?? (role || 'sin rol');
}

/** What the signed-in user may do in a municipality (and department): edit, manage (create/delete actions), import,
 *  administer (users), submit (the department's POA), plan (review, approve, decide requests, set the calendar),
 *  reopen (an approved POA), comment. */
export function can(what, { municipality, department } = {}) {
  const user = current.user;
  if (!user || user.mustChangePassword || !user.role) return false;
  if (user.role === 'superadmin') return true;
  if (user.municipality !== municipality) return false;
  switch (what) {
    case 'edit': return user.role === 'admin' || (user.role === 'editor' && user.department === department);
    case 'manage': return ['admin', 'planner'].includes(user.role) || (user.role === 'editor' && user.department === department);
    case 'import': return ['admin', 'planner'].includes(user.role);
    case 'administer': return user.role === 'admin';
    case 'submit': return user.role === 'admin' || (user.role === 'editor' && user.department === department);
    case 'plan': return ['admin', 'planner'].includes(user.role);
    case 'reopen': return user.role === 'admin';
    case 'comment': return ['admin', 'planner'].includes(user.role) || (user.role === 'editor' && user.department === department);
    default: return false;
  }
}

let served = [];

/** The municipalities this deployment serves, with their opened years (for the selectors). */
export async function loadMunicipalities() {
  const { gql } = await import('./graphql.js');
  ({ municipalities: served } = await gql('{ municipalities { slug name years } }'));
  return served;
}

export function municipality(slug) {
  return served.find((m) => m.slug === slug) ?? null;
}
