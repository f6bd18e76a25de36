import { gql } from '../graphql.js';
import { date, escape } from '../format.js';
import { roleName, session } from '../session.js';

const QUERY = `{ me { name municipality department role apiTokens { id name prefix createdAt expiresAt revokedAt lastUsedAt } } }`;
const CREATE = `mutation($name: String!, $days: Int!) { createApiToken(name: $name, expiresInDays: $days) { secret token { id prefix } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`;

/** Mi cuenta: who I am and my API tokens for integrations (created, shown once, revoked). */
export async function render(root) {
  if (!session().signedIn) {
    window.dispatchEvent(new CustomEvent('poa:navigate', { detail: '/entrar?volver=%2Fcuenta' }));
    return () => {};
  }
  let created = null;
  const draw = async () => {
    const { me } = await gql(QUERY);
    root.innerHTML = `
      <h1>Mi cuenta</h1>
      <p class="meta" data-testid="account-who">${escape(me.name)} · ${escape(roleName(me.role))}${me.municipality ? ` · ${escape(me.municipality)}` : ''}${me.department ? ` · ${escape(me.department)}` : ''}
        · <a href="/cambiar-contrasena" data-link>Cambiar la contraseña</a></p>
      <h2>Tokens para integraciones</h2>
      <p class="hint">Un sistema externo envía el token como <code>Authorization: Bearer …</code> y actúa con tus permisos.
        El token se muestra una sola vez; revócalo cuando ya no se use.</p>
      ${created ? `<div class="notice" data-testid="token-secret">Copia ahora el token «${escape(created.name)}»; no se volverá a mostrar:
        <code data-testid="token-secret-value">${escape(created.secret)}</code></div>` : ''}
      <form data-testid="token-create" class="inline">
        <label>Nombre <input name="name" required maxlength="200" data-testid="token-name"></label>
        <label>Días de vigencia <input name="days" type="number" min="1" max="366" value="90" data-testid="token-days"></label>
        <button type="submit" data-testid="token-create-submit">Crear token</button>
      </form>
      <table data-testid="tokens"><thead><tr><th>Nombre</th><th>Inicio</th><th>Creado</th><th>Vence</th><th>Último uso</th><th></th></tr></thead>
        <tbody>${me.apiTokens.map((t) => `<tr data-token="${escape(t.id)}"><td>${escape(t.name)}</td><td><code>poa_${escape(t.prefix)}_…</code></td>
          <td>${date(t.createdAt)}</td><td>${date(t.expiresAt)}</td><td>${t.lastUsedAt ? date(t.lastUsedAt) : '—'}</td>
          <td>${t.revokedAt ? `revocado ${date(t.revokedAt)}` : `<button type="button" class="secondary" data-revoke="${escape(t.id)}">Revocar</button>`}</td></tr>`).join('')
          || '<tr><td colspan="6">Sin tokens.</td></tr>'}</tbody></table>
      <div data-testid="account-status" class="status" role="status"></div>`;
    const status = root.querySelector('[data-testid="account-status"]');
    root.querySelector('[data-testid="token-create"]').addEventListener('submit', async (event) => {
      event.preventDefault();
      const form = event.target;
      try {
        const { createApiToken } = await gql(CREATE, { name: form.name.value.trim(), days: Number(form.days.value) });
        created = { name: form.name.value.trim(), secret: createApiToken.secret };
        await draw();
      } catch (error) {
        status.className = 'status error';
        status.textContent = error.message;
      }
    });
    for (const button of root.querySelectorAll('[data-revoke]')) {
      button.addEventListener('click', async () => {
        await gql(REVOKE, { id: button.dataset.revoke });
        created = null;
        await draw();
      });
    }
  };
  await draw();
  return () => {};
}
