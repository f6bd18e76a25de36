import { escape } from '../format.js';
import { session, signIn } from '../session.js';

const SSO_MESSAGES = {
  pendiente: 'Entraste con el inicio de sesión de tu municipio, pero tu cuenta aún no tiene un rol: un administrador debe asignártelo.',
  error: 'El inicio de sesión único no se completó. Vuelve a intentarlo o entra con tu correo.',
};

/** Entrar: email and password (or the municipality's single sign-on). */
export async function render(root) {
  const params = new URLSearchParams(location.search);
  const returnUrl = params.get('volver') ?? '/';
  const sso = params.get('sso');
  root.innerHTML = `
    <h1>Entrar</h1>
    <p class="hint">Entra con el correo y la contraseña que te dio la administración de tu municipio.</p>
    ${sso && SSO_MESSAGES[sso] ? `<div class="status error" data-testid="sso-status">${escape(SSO_MESSAGES[sso])}</div>` : ''}
    <form data-testid="signin-form" class="signin">
      <label>Correo <input name="email" type="email" autocomplete="username" required data-testid="signin-email"></label>
      <label>Contraseña <input name="password" type="password" autocomplete="current-password" required data-testid="signin-password"></label>
      <button type="submit" data-testid="signin-submit">Entrar</button>
    </form>
    ${session().singleSignOn ? `<p><a class="button" href="/auth/oidc?returnUrl=${encodeURIComponent(returnUrl)}" data-testid="signin-sso">Entrar con la cuenta del municipio</a></p>` : ''}
    <div data-testid="signin-status" class="status" role="status"></div>`;
  const form = root.querySelector('form');
  const status = root.querySelector('[data-testid="signin-status"]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.className = 'status';
    status.textContent = 'Entrando…';
    try {
      const user = await signIn(form.email.value.trim(), form.password.value);
      const next = user.mustChangePassword ? `/cambiar-contrasena?volver=${encodeURIComponent(returnUrl)}` : returnUrl;
      window.dispatchEvent(new CustomEvent('poa:navigate', { detail: next }));
    } catch (error) {
      status.className = 'status error';
      status.textContent = error.message;
      form.password.value = '';
      form.password.focus();
    }
  });
  return () => {};
}
