import { gql } from '../graphql.js';
import { escape, MONTHS, monthName } from '../format.js';
import { can } from '../session.js';
import { cycleMessage } from '../cycle.js';

const QUERY = `query Calendar($municipality: String!, $year: Int!) {
  poa(municipality: $municipality, year: $year) {
    calendar { version cutOffs submissionDeadline }
    departments(first: 100) { nodes { name slug cycle { version reopenedMonths } } }
  }
}`;

/** Calendario de cortes: the last day each month's progress is reported, the submission deadline, and the months a
 *  planner reopens for one department's late reports. */
export async function render(root, { municipality, year }) {
  const planner = can('plan', { municipality });
  const draw = async (message, kind = 'ok') => {
    const { poa } = await gql(QUERY, { municipality, year });
    const { calendar } = poa;
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Mexico_City' });
    root.innerHTML = `
      <p class="crumbs"><a href="/poa/${year}" data-link>Consolidado ${year}</a> › Calendario de cortes</p>
      <h1>Calendario de cortes ${year}</h1>
      <p class="hint">El avance de cada mes se registra hasta el final de su día de corte (hora del centro de México). Después, solo si
        planeación reabre el mes para una secretaría.</p>
      <form data-testid="calendar-form" class="forms">
        <table class="months-table"><thead><tr><th>Mes</th><th>Corte</th><th>Estado hoy</th></tr></thead><tbody>
          ${calendar.cutOffs.map((d, i) => `<tr><th>${MONTHS[i]}</th>
            <td>${planner ? `<input type="date" name="m${i + 1}" value="${d}" required data-testid="cutoff-${i + 1}">` : escape(d)}</td>
            <td data-testid="month-state-${i + 1}">${today <= d ? 'Abierto' : 'Cerrado'}</td></tr>`).join('')}
        </tbody></table>
        <label>Fecha límite de envío del POA ${planner
          ? `<input type="date" name="deadline" value="${calendar.submissionDeadline ?? ''}" data-testid="submission-deadline">`
          : escape(calendar.submissionDeadline ?? 'sin fecha')}</label>
        ${planner ? '<p><button type="submit" data-testid="calendar-save">Guardar calendario</button></p>' : ''}
      </form>
      ${planner ? `<h2>Reabrir un mes para una secretaría</h2>
      <form class="inline" data-testid="reopen-form">
        <label>Secretaría <select name="department" data-testid="reopen-department">${poa.departments.nodes.map((d) =>
          `<option value="${escape(d.slug)}">${escape(d.name)}</option>`).join('')}</select></label>
        <label>Mes <select name="month" data-testid="reopen-month">${MONTHS.map((m, i) => `<option value="${i + 1}">${m}</option>`).join('')}</select></label>
        <button type="submit" data-testid="reopen-submit">Reabrir el mes</button>
        <button type="button" class="secondary" data-testid="close-submit">Cerrarlo de nuevo</button>
      </form>` : ''}
      <table data-testid="reopened"><thead><tr><th>Secretaría</th><th>Meses reabiertos</th></tr></thead><tbody>
        ${poa.departments.nodes.map((d) => `<tr data-slug="${escape(d.slug)}"><td>${escape(d.name)}</td>
          <td data-testid="reopened-${escape(d.slug)}">${d.cycle.reopenedMonths.map(monthName).join(', ') || '—'}</td></tr>`).join('')}
      </tbody></table>
      <div class="status ${kind}" role="status" data-testid="calendar-status">${escape(message ?? '')}</div>`;
    if (!planner) return;
    const form = root.querySelector('[data-testid="calendar-form"]');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await gql(`mutation SetCalendar($input: SetCalendarInput!) { setCalendar(input: $input) { version } }`, {
          input: {
            municipality, year, expectedVersion: calendar.version,
            cutOffs: MONTHS.map((_, i) => form[`m${i + 1}`].value), submissionDeadline: form.deadline.value || null,
          },
        });
        await draw('Calendario guardado.');
      } catch (error) {
        await draw(cycleMessage(error), 'error');
      }
    });
    const reopen = root.querySelector('[data-testid="reopen-form"]');
    const month = async (reopened) => {
      const department = poa.departments.nodes.find((d) => d.slug === reopen.department.value);
      try {
        await gql(`mutation ReopenMonth($input: ReopenMonthInput!) { reopenMonth(input: $input) { version } }`, {
          input: { municipality, year, department: department.slug, month: Number(reopen.month.value), reopened, expectedVersion: department.cycle.version },
        });
        await draw(`${monthName(Number(reopen.month.value))} ${reopened ? 'reabierto' : 'cerrado de nuevo'} para ${department.name}.`);
      } catch (error) {
        await draw(cycleMessage(error), 'error');
      }
    };
    reopen?.addEventListener('submit', (event) => {
      event.preventDefault();
      month(true);
    });
    root.querySelector('[data-testid="close-submit"]')?.addEventListener('click', () => month(false));
  };
  await draw();
  return () => {};
}
