import { gql } from '../graphql.js';
import { date, escape } from '../format.js';
import { can, roleName, session } from '../session.js';

const USERS = `query($m: String!) { users(municipality: $m) { id email displayName department role active mustChangePassword lockoutEnd singleSignOn }
  accountEvents(municipality: $m, first: 30) { atUtc email event clientAddress detail } }`;
const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { oneTimePassword user { email } } }`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { id role department active } }`;
const RESET = `mutation($id: ID!) { resetPassword(id: $id) { oneTimePassword user { email } } }`;
const ROLES = ['viewer', 'editor', 'planner', 'admin'];

/** Administración: the users of the admin's municipality — create, change role and department, disable, reset. */
export async function render(root, { municipality }) {
  const user = session().user;
  const scope = user?.role === 'superadmin' ? municipality : user?.municipality;
  if (!can('administer', { municipality: scope })) {
    root.innerHTML = `<h1>Administración</h1><p data-testid="admin-forbidden">Solo la administración del municipio gestiona sus usuarios.
      ${session().signedIn ? '' : '<a href="/entrar?volver=%2Fadministracion" data-link>Entrar</a>'}</p>`;
    return () => {};
  }
  let shown = null; // a one-time password to show once
  const draw = async () => {
    const { users, accountEvents } = await gql(USERS, { m: scope });
    const roleOptions = (selected) => ROLES.map((r) => `<option value="${r}" ${r === selected ? 'selected' : ''}>${escape(roleName(r))}</option>`).join('');
    root.innerHTML = `
      <h1>Administración de ${escape(scope)}</h1>
      ${shown ? `<div class="notice" data-testid="admin-password">Contraseña de un solo uso de ${escape(shown.email)} (se muestra una vez; la cambiará al entrar):
        <code data-testid="admin-password-value">${escape(shown.password)}</code></div>` : ''}
      <h2>Nuevo usuario</h2>
      <form data-testid="user-create" class="inline">
        <label>Correo <input name="email" type="email" required data-testid="new-user-email"></label>
        <label>Nombre <input name="name" data-testid="new-user-name"></label>
        <label>Rol <select name="role" data-testid="new-user-role">${roleOptions('viewer')}</select></label>
        <label>Secretaría <input name="department" placeholder="para captura" data-testid="new-user-department"></label>
        <button type="submit" data-testid="user-create-submit">Crear</button>
      </form>
      <h2>Usuarios</h2>
      <table data-testid="users"><thead><tr><th>Correo</th><th>Nombre</th><th>Rol</th><th>Secretaría</th><th>Estado</th><th></th></tr></thead>
        <tbody>${users.map((u) => `<tr data-user="${escape(u.email)}">
          <td>${escape(u.email)}${u.singleSignOn ? ' <small>(inicio único)</small>' : ''}</td><td>${escape(u.displayName)}</td>
          <td><select data-field="role" data-id="${escape(u.id)}">${u.role ? '' : '<option value="" selected>sin rol</option>'}${roleOptions(u.role)}</select></td>
          <td><input data-field="department" data-id="${escape(u.id)}" value="${escape(u.department ?? '')}" size="16"></td>
          <td>${u.active ? 'activo' : 'desactivado'}${u.lockoutEnd && new Date(u.lockoutEnd) > new Date() ? ' · bloqueado' : ''}${u.mustChangePassword ? ' · debe cambiar contraseña' : ''}</td>
          <td><button type="button" class="secondary" data-save="${escape(u.id)}">Guardar</button>
            <button type="button" class="secondary" data-toggle="${escape(u.id)}" data-active="${u.active}">${u.active ? 'Desactivar' : 'Activar'}</button>
            <button type="button" class="secondary" data-reset="${escape(u.id)}">Restablecer contraseña</button></td></tr>`).join('')}</tbody></table>
      <h2>Actividad de las cuentas</h2>
      <table data-testid="account-events"><thead><tr><th>Fecha</th><th>Correo</th><th>Evento</th><th>Dirección</th><th>Detalle</th></tr></thead>
        <tbody>${accountEvents.map((e) => `<tr><td>${date(e.atUtc)}</td><td>${escape(e.email)}</td><td>${escape(e.event)}</td>
          <td>${escape(e.clientAddress)}</td><td>${escape(e.detail)}</td></tr>`).join('')}</tbody></table>
      <div data-testid="admin-status" class="status" role="status"></div>`;
    const status = root.querySelector('[data-testid="admin-status"]');
    const attempt = async (work) => {
      try {
        await work();
        await draw();
      } catch (error) {
        status.className = 'status error';
        status.textContent = error.message;
      }
    };
    root.querySelector('[data-testid="user-create"]').addEventListener('submit', (event) => {
      event.preventDefault();
      const form = event.target;
      attempt(async () => {
        const { createUser } = await gql(CREATE, {
          input: { email: form.email.value.trim(), displayName: form.name.value.trim() || null, municipality: scope, role: form.role.value,
            department: form.department.value.trim() || null },
        });
        shown = { email: createUser.user.email, password: createUser.oneTimePassword };
      });
    });
    for (const button of root.querySelectorAll('[data-save]')) {
      button.addEventListener('click', () => attempt(async () => {
        const id = button.dataset.save;
        const role = root.querySelector(`select[data-id="${id}"]`).value;
        const department = root.querySelector(`input[data-id="${id}"]`).value.trim();
        await gql(UPDATE, { input: { id, role: role || null, department } });
        shown = null;
      }));
    }
    for (const button of root.querySelectorAll('[data-toggle]')) {
      button.addEventListener('click', () => attempt(async () => {
        await gql(UPDATE, { input: { id: button.dataset.toggle, active: button.dataset.active !== 'true' } });
        shown = null;
      }));
    }
    for (const button of root.querySelectorAll('[data-reset]')) {
      button.addEventListener('click', () => attempt(async () => {
        const { resetPassword } = await gql(RESET, { id: button.dataset.reset });
        shown = { email: resetPassword.user.email, password: resetPassword.oneTimePassword };
      }));
    }
  };
  await draw();
  return () => {};
}
