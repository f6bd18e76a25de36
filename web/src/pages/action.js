import { gql, GraphQLRequestError, POA_CHANGED, subscribe } from '../graphql.js';
import { monthlyChart } from '../chart.js';
import { date, escape, figure, light, MONTHS, money, monthName, number, percent } from '../format.js';
import { findingsTable } from '../views.js';

const QUERY = `query Action($municipality: String!, $year: Int!, $slug: String!, $number: Int!) {
  poa(municipality: $municipality, year: $year) {
    department(slug: $slug) {
      name
      action(number: $number) {
        number name axes investment goal version
        beneficiaries { men women total }
        budgetItems { code chapterName }
        trafficLight compliance { upToMonth ratio programmed achieved light }
        monthly { month programmed achieved spent }
        activities {
          id description responsibleArea unit indicator investment annualTarget monthlyTargets
          progress { month achieved spent note version }
          compliance { ratio light }
        }
        findings { code severity message line actionNumber expected actual department }
        audit(first: 20) { version sequence atUtc user userDepartment command field kind activityId month oldValue newValue }
      }
    }
  }
}`;

const TARGET = 'municipality: $municipality, year: $year, department: $department, number: $number, expectedVersion: $expectedVersion';
const REPORT_PROGRESS = `mutation ReportProgress($municipality: String!, $year: Int!, $department: String!, $number: Int!,
    $expectedVersion: Long!, $activityId: Int!, $month: Int!, $achieved: Decimal!, $spent: Decimal!, $note: String) {
  reportProgress(input: { ${TARGET}, activityId: $activityId, month: $month, achieved: $achieved, spent: $spent, note: $note }) {
    version
  }
}`;
const SET_TARGETS = `mutation SetMonthlyTargets($municipality: String!, $year: Int!, $department: String!, $number: Int!,
    $expectedVersion: Long!, $activityId: Int!, $targets: [MonthValueInput!]!) {
  setMonthlyTargets(input: { ${TARGET}, activityId: $activityId, targets: $targets }) { version }
}`;

const FIELD_NAMES = {
  ACTION: 'acción', NAME: 'nombre', AXES: 'eje', GOAL: 'meta', OBJECTIVE: 'objetivo específico', STRATEGY: 'estrategia',
  PURPOSE: 'propósito', BENEFICIARIES: 'beneficiarios', INVESTMENT: 'inversión', BUDGET_ITEMS: 'partidas presupuestales',
  ACTIVITY_DESCRIPTION: 'descripción', ACTIVITY_RESPONSIBLE_AREA: 'área responsable', ACTIVITY_UNIT: 'unidad de medida',
  ACTIVITY_INDICATOR: 'indicador', ACTIVITY_INVESTMENT: 'inversión', ACTIVITY_ANNUAL_TARGET: 'programación anual',
  TARGET: 'programación', PROGRESS: 'avance',
};

/** A path as the server describes it ({ kind, activityId, month }) → "Actividad 1 · avance de MAR". */
export function describeField({ kind, activityId, month }) {
  if (activityId == null) return FIELD_NAMES[kind] ?? kind;
  if (kind === 'ACTIVITY') return `Actividad ${activityId}`;
  const what = FIELD_NAMES[kind] ?? kind;
  return month != null ? `Actividad ${activityId} · ${what} de ${monthName(month)}` : `Actividad ${activityId} · ${what}`;
}

/** Una acción: programming and progress per activity, the forms to change them, conflicts, and its audit trail. */
export async function render(root, { municipality, year, department: slug, number: actionNumber }) {
  let chart;
  let action;
  let departmentName;
  let lastCommand = null; // what the editor sent last, to re-apply it after a conflict

  const load = async () => {
    const { poa } = await gql(QUERY, { municipality, year, slug, number: actionNumber });
    departmentName = poa.department?.name;
    action = poa.department?.action ?? null;
  };

  const variables = (extra) => ({ municipality, year, department: slug, number: actionNumber, expectedVersion: action.version, ...extra });

  const draw = () => {
    chart?.destroy();
    chart = null;
    if (!action) {
      root.innerHTML = `<h1>Acción no encontrada</h1><p><a href="/poa/${year}/${encodeURIComponent(slug)}" data-link>Volver a la secretaría</a></p>`;
      return;
    }
    const activityOptions = action.activities.map((a) => `<option value="${a.id}">${a.id}. ${escape(a.description.slice(0, 70))}</option>`).join('');
    const monthOptions = MONTHS.map((m, i) => `<option value="${i + 1}">${m}</option>`).join('');
    root.innerHTML = `
      <p class="crumbs"><a href="/poa/${year}" data-link>Consolidado ${year}</a> ›
        <a href="/poa/${year}/${encodeURIComponent(slug)}" data-link>${escape(departmentName)}</a> › Acción ${action.number}</p>
      <h1 data-testid="action-name">Acción ${action.number}: ${escape(action.name)}</h1>
      <p class="meta">Versión ${figure('action-version', number(action.version), action.version)} ·
        Eje: ${action.axes.map(escape).join(' / ')} · Cumplimiento al mes ${monthName(action.compliance.upToMonth)}:
        ${figure('action-ratio', percent(action.compliance.ratio), action.compliance.ratio ?? '')} ${light(action.trafficLight, 'action-light')}</p>
      <div class="notice" data-testid="changed-notice" hidden>Hubo cambios en esta secretaría. <button type="button" data-action="reload">Actualizar</button></div>
      <section class="cards">
        <article class="card"><h3>Inversión aproximada</h3><p class="big">${figure('action-investment', money(action.investment), action.investment)}</p></article>
        <article class="card"><h3>Beneficiarios</h3><p class="big">${number(action.beneficiaries.total)}</p>
          <p><small>${number(action.beneficiaries.men)} H / ${number(action.beneficiaries.women)} M</small></p></article>
        <article class="card wide"><h3>Meta</h3><p>${escape(action.goal)}</p>
          <p><small>Partidas: ${action.budgetItems.map((b) => `${escape(b.code)} (${escape(b.chapterName)})`).join(', ') || '—'}</small></p></article>
      </section>
      <h2>Programación y avance mensual por actividad</h2>
      ${action.activities.map(activityTable).join('')}
      <h2>Avance mensual de la acción</h2>
      <div class="chart"><canvas data-testid="monthly-chart"></canvas></div>
      <section class="two forms">
        <form data-testid="progress-form">
          <h2>Registrar avance</h2>
          <label>Actividad <select name="activity" data-testid="progress-activity">${activityOptions}</select></label>
          <label>Mes <select name="month" data-testid="progress-month">${monthOptions}</select></label>
          <label>Alcanzado <input name="achieved" type="number" step="any" min="0" required data-testid="progress-achieved"></label>
          <label>Ejercido ($) <input name="spent" type="number" step="any" min="0" value="0" data-testid="progress-spent"></label>
          <label>Nota <input name="note" type="text" maxlength="500" data-testid="progress-note"></label>
          <button type="submit" data-testid="progress-submit">Registrar avance</button>
        </form>
        <form data-testid="targets-form">
          <h2>Programación mensual</h2>
          <label>Actividad <select name="activity" data-testid="targets-activity">${activityOptions}</select></label>
          <div class="months">${MONTHS.map((m, i) => `<label>${m}<input name="m${i + 1}" type="number" step="any" min="0"
            data-testid="target-${i + 1}"></label>`).join('')}</div>
          <button type="submit" data-testid="targets-submit">Guardar programación</button>
        </form>
      </section>
      <div data-testid="form-status" class="status" role="status"></div>
      <div data-testid="conflict" class="conflict" hidden></div>
      <h2>Hallazgos</h2>
      ${findingsTable(action.findings)}
      <h2>Historial de cambios</h2>
      ${auditTable(action.audit)}`;
    chart = monthlyChart(root.querySelector('canvas'), action.monthly);
    wireForms();
  };

  const wireForms = () => {
    const progressForm = root.querySelector('[data-testid="progress-form"]');
    const fillProgress = () => {
      const activity = action.activities.find((a) => a.id === Number(progressForm.activity.value));
      const cell = activity?.progress.find((p) => p.month === Number(progressForm.month.value));
      progressForm.achieved.value = cell ? cell.achieved : '';
      progressForm.spent.value = cell ? cell.spent : 0;
      progressForm.note.value = cell?.note ?? '';
    };
    progressForm.activity.addEventListener('change', fillProgress);
    progressForm.month.addEventListener('change', fillProgress);
    fillProgress();
    progressForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const note = progressForm.note.value.trim();
      send({
        label: `avance de ${monthName(Number(progressForm.month.value))}`,
        mutation: REPORT_PROGRESS,
        extra: {
          activityId: Number(progressForm.activity.value), month: Number(progressForm.month.value),
          achieved: Number(progressForm.achieved.value), spent: Number(progressForm.spent.value || 0), note: note || null,
        },
      });
    });

    const targetsForm = root.querySelector('[data-testid="targets-form"]');
    const fillTargets = () => {
      const activity = action.activities.find((a) => a.id === Number(targetsForm.activity.value));
      activity?.monthlyTargets.forEach((value, i) => { targetsForm[`m${i + 1}`].value = value; });
    };
    targetsForm.activity.addEventListener('change', fillTargets);
    fillTargets();
    targetsForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const activity = action.activities.find((a) => a.id === Number(targetsForm.activity.value));
      // Only the months that changed: a command conflicts only on the cells it touches.
      const targets = activity.monthlyTargets
        .map((old, i) => ({ month: i + 1, value: Number(targetsForm[`m${i + 1}`].value), old }))
        .filter((t) => t.value !== Number(t.old))
        .map(({ month, value }) => ({ month, value }));
      if (!targets.length) {
        status('No hay cambios en la programación.');
        return;
      }
      send({ label: 'programación mensual', mutation: SET_TARGETS, extra: { activityId: activity.id, targets } });
    });
    root.querySelector('[data-action="reload"]').addEventListener('click', refresh);
  };

  const status = (text, kind = 'ok') => {
    const box = root.querySelector('[data-testid="form-status"]');
    box.className = `status ${kind}`;
    box.textContent = text;
  };

  /** Sends a command with the version this page shows; a CONFLICT shows what changed and offers to re-apply. */
  const send = async (command, expectedVersion = action.version) => {
    lastCommand = command;
    try {
      const data = await gql(command.mutation, { ...variables(command.extra), expectedVersion });
      const version = Object.values(data)[0].version;
      await refresh();
      status(`Guardado: ${command.label}. Versión ${number(version)}.`);
    } catch (error) {
      if (error instanceof GraphQLRequestError && error.code === 'CONFLICT') showConflict(error.extensions);
      else status(messageOf(error), 'error');
    }
  };

  const showConflict = (extensions) => {
    const box = root.querySelector('[data-testid="conflict"]');
    const changes = extensions.changedSince ?? [];
    box.hidden = false;
    box.innerHTML = `<h2>Conflicto: alguien más cambió esta acción</h2>
      <p>Tu cambio (${escape(lastCommand.label)}) partía de la versión ${number(action.version)}; la versión actual es
        <strong data-testid="conflict-version">${number(extensions.currentVersion)}</strong>.
        ${extensions.field ? `El valor actual de «${escape(describeField(extensions))}» es
        <strong data-testid="conflict-current">${escape(extensions.currentValue ?? '—')}</strong>.` : ''}</p>
      <table data-testid="changed-since"><thead><tr><th>Campo</th><th class="num">Versión</th><th>Valor nuevo</th></tr></thead>
        <tbody>${changes.map((c) => `<tr data-field="${escape(c.path)}"><td>${escape(describeField(c))}</td>
          <td class="num">${c.version}</td><td>${escape(c.value ?? '—')}</td></tr>`).join('')}</tbody></table>
      <p><button type="button" data-testid="conflict-reapply">Reaplicar mi cambio sobre la versión ${number(extensions.currentVersion)}</button>
        <button type="button" data-testid="conflict-discard" class="secondary">Descartar mi cambio y ver la versión actual</button></p>`;
    status('');
    box.querySelector('[data-testid="conflict-reapply"]').addEventListener('click', async () => {
      const command = lastCommand;
      box.hidden = true;
      await send(command, extensions.currentVersion);
    });
    box.querySelector('[data-testid="conflict-discard"]').addEventListener('click', async () => {
      box.hidden = true;
      await refresh();
      status('Se descartó tu cambio; ves la versión actual.');
    });
  };

  const refresh = async () => {
    await load();
    draw();
  };

  await refresh();

  // Live: an open editor is told that something changed, but its form is not pulled from under it.
  const stop = subscribe(POA_CHANGED, { municipality, year }, {
    onNext: (data) => {
      if (!data.poaChanged.departmentKey.endsWith(`/${slug}`)) return;
      const notice = root.querySelector('[data-testid="changed-notice"]');
      if (notice) notice.hidden = false;
    },
  });
  return () => {
    stop();
    chart?.destroy();
  };
}

function activityTable(activity) {
  const progress = new Map(activity.progress.map((p) => [p.month, p]));
  const row = (label, cell, total, kind) => `<tr><th>${label}</th>${MONTHS.map((_, i) =>
    `<td class="num" data-testid="cell-${activity.id}-${i + 1}-${kind}">${cell(i + 1)}</td>`).join('')}<td class="num total">${total}</td></tr>`;
  const sum = (key) => activity.progress.reduce((s, p) => s + Number(p[key]), 0);
  return `<article class="activity" data-activity="${activity.id}">
    <h3>${activity.id}. ${escape(activity.description)}</h3>
    <p class="meta">${escape(activity.responsibleArea)} · ${escape(activity.unit)} · ${escape(activity.indicator)} ·
      Inversión ${money(activity.investment)} · Cumplimiento ${percent(activity.compliance.ratio)} ${light(activity.compliance.light)}</p>
    <table class="months-table"><thead><tr><th></th>${MONTHS.map((m) => `<th class="num">${m}</th>`).join('')}<th class="num">Anual</th></tr></thead>
      <tbody>
        ${row('Programado', (m) => number(activity.monthlyTargets[m - 1]), number(activity.annualTarget), 'target')}
        ${row('Alcanzado', (m) => (progress.has(m) ? number(progress.get(m).achieved) : ''), number(sum('achieved')), 'achieved')}
        ${row('Ejercido', (m) => (progress.has(m) ? money(progress.get(m).spent) : ''), money(sum('spent')), 'spent')}
      </tbody></table>
    ${activity.progress.some((p) => p.note) ? `<ul class="notes">${activity.progress.filter((p) => p.note)
      .map((p) => `<li><strong>${monthName(p.month)}:</strong> ${escape(p.note)}</li>`).join('')}</ul>` : ''}
  </article>`;
}

function auditTable(entries) {
  if (!entries.length) return '<p data-testid="audit-none">Sin cambios registrados.</p>';
  return `<table data-testid="audit"><thead><tr><th>Fecha</th><th class="num">Versión</th><th>Usuario</th><th>Comando</th><th>Campo</th>
      <th>Antes</th><th>Después</th></tr></thead><tbody>
    ${entries.map((e) => `<tr><td>${date(e.atUtc)}</td><td class="num">${e.version}</td>
      <td>${e.user == null ? '<small title="Inicie sesión para ver quién hizo el cambio">reservado</small>' : escape(e.user)}${e.userDepartment ? ` <small>(${escape(e.userDepartment)})</small>` : ''}</td>
      <td>${escape(e.command)}</td><td>${escape(describeField(e))}</td><td>${escape(e.oldValue ?? '—')}</td>
      <td>${escape(e.newValue ?? '—')}</td></tr>`).join('')}</tbody></table>`;
}

function messageOf(error) {
  const reasons = {
    UNAUTHENTICATED: 'Pega un token en el encabezado para poder guardar.',
    FORBIDDEN: 'Tu token no permite cambiar esta secretaría.',
  };
  return reasons[error.code] ?? error.message;
}
