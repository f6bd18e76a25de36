import { changePassword, session } from '../session.js';

/** Cambiar contraseña: required after a one-time password, possible at any time. */
export async function render(root) {
  const returnUrl = new URLSearchParams(location.search).get('volver') ?? '/';
  if (!session().signedIn) {
    window.dispatchEvent(new CustomEvent('poa:navigate', { detail: `/entrar?volver=${encodeURIComponent('/cambiar-contrasena')}` }));
    return () => {};
  }
  const required = session().user.mustChangePassword;
  root.innerHTML = `
    <h1>Cambiar la contraseña</h1>
    ${required ? '<p class="notice" data-testid="password-required">Tu contraseña es de un solo uso: elige una nueva para continuar.</p>' : ''}
    <form data-testid="password-form" class="signin">
      <label>Contraseña actual <input name="current" type="password" autocomplete="current-password" required data-testid="password-current"></label>
      <label>Contraseña nueva <input name="next" type="password" autocomplete="new-password" minlength="10" required data-testid="password-new"></label>
      <label>Repite la nueva <input name="again" type="password" autocomplete="new-password" minlength="10" required data-testid="password-again"></label>
      <button type="submit" data-testid="password-submit">Guardar contraseña</button>
    </form>
    <div data-testid="password-status" class="status" role="status"></div>`;
  const form = root.querySelector('form');
  const status = root.querySelector('[data-testid="password-status"]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.next.value !== form.again.value) {
      status.className = 'status error';
      status.textContent = 'Las dos contraseñas nuevas no coinciden.';
      return;
    }
    try {
      await changePassword(form.current.value, form.next.value);
      window.dispatchEvent(new CustomEvent('poa:navigate', { detail: returnUrl }));
    } catch (error) {
      status.className = 'status error';
      status.textContent = error.message;
    }
  });
  return () => {};
}
