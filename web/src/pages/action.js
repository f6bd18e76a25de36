import { gql, GraphQLRequestError, POA_CHANGED, subscribe } from '../graphql.js';
import { monthlyChart } from '../chart.js';
import { date, escape, figure, light, MONTHS, money, monthName, number, percent } from '../format.js';
import { downloads, findingsTable, wireDownloads } from '../views.js';
import { can, session } from '../session.js';
import { COMMENT_PAGE, commentsSection, cycleMessage, STATUS_NAMES, statusBadge, wireComments } from '../cycle.js';
import { EVIDENCE_PAGE, evidenceSection, wireEvidence } from '../evidence.js';

const SHEET = 'level definition method numerator denominator unit frequency type dimension direction baselineValue baselineYear meansOfVerification assumptions missing';
const MOMENTS = 'approved modified committed accrued exercised paid';

const QUERY = `query Action($municipality: String!, $year: Int!, $slug: String!, $number: Int!) {
  fundingSources { key name }
  poa(municipality: $municipality, year: $year) {
    department(slug: $slug) {
      name
      cycle { status approvalNumber reopenedMonths }
      action(number: $number) {
        programmingEditable
        baseline { investment investmentDifference monthlyTargets monthlyDifference
          activities { id description investment annualTarget monthlyTargets cancelled } }
        modificationRequests(first: 50) { totalCount nodes { id kind status justification changes requestedBy requestedAt decidedBy decidedAt comment } }
        comments(first: 50) { ${COMMENT_PAGE} }
        evidence(first: 100) { ${EVIDENCE_PAGE} }
        number name axes investment goal version
        beneficiaries { men women total }
        budgetItems { code chapterName }
        trafficLight compliance { upToMonth judgedAtMonth ratio programmed achieved light }
        monthly { month programmed approved achieved exercised }
        activities {
          id description responsibleArea unit indicator investment annualTarget monthlyTargets fundingSource
          progress { month achieved exercised note version }
          compliance { upToMonth judgedAtMonth ratio light }
        }
        findings { code severity message(language: ES) line actionNumber expected actual department }
        audit(first: 20) { version sequence atUtc user userDepartment command field kind activityId month oldValue newValue }
      }
    }
  }
}`;

/** The indicator sheets and the moments of each month: a query of its own, so that neither document comes near the
 * complexity limit (GraphQL:MaxComplexity) for an action of many activities. */
const DETAILS = `query ActionDetails($municipality: String!, $year: Int!, $slug: String!, $number: Int!) {
  poa(municipality: $municipality, year: $year) { department(slug: $slug) { action(number: $number) {
    indicator indicatorSheet { ${SHEET} }
    activities { id indicatorSheet { ${SHEET} } progress { month moments { ${MOMENTS} } } }
  } } }
}`;

const MORE_COMMENTS = `query ActionComments($municipality: String!, $year: Int!, $slug: String!, $number: Int!, $after: String) {
  poa(municipality: $municipality, year: $year) { department(slug: $slug) { action(number: $number) { comments(first: 50, after: $after) { ${COMMENT_PAGE} } } } }
}`;

const TARGET = 'municipality: $municipality, year: $year, department: $department, number: $number, expectedVersion: $expectedVersion';
const REPORT_PROGRESS = `mutation ReportProgress($municipality: String!, $year: Int!, $department: String!, $number: Int!,
    $expectedVersion: Long!, $activityId: Int!, $month: Int!, $achieved: Decimal!, $exercised: Decimal!, $note: String,
    $approved: Decimal!, $modified: Decimal!, $committed: Decimal!, $accrued: Decimal!, $paid: Decimal!) {
  reportProgress(input: { ${TARGET}, activityId: $activityId, month: $month, achieved: $achieved, exercised: $exercised, note: $note,
    approved: $approved, modified: $modified, committed: $committed, accrued: $accrued, paid: $paid }) {
    version
  }
}`;
const UPDATE_ACTIVITY_SHEET = `mutation UpdateActivitySheet($municipality: String!, $year: Int!, $department: String!, $number: Int!,
    $expectedVersion: Long!, $activityId: Int!, $indicator: String!, $indicatorSheet: IndicatorSheetInput!, $fundingSource: String!) {
  updateActivity(input: { ${TARGET}, activityId: $activityId, indicator: $indicator, indicatorSheet: $indicatorSheet, fundingSource: $fundingSource }) { version }
}`;
const UPDATE_ACTION_SHEET = `mutation UpdateActionSheet($municipality: String!, $year: Int!, $department: String!, $number: Int!,
    $expectedVersion: Long!, $indicator: String!, $indicatorSheet: IndicatorSheetInput!) {
  updateAction(input: { ${TARGET}, indicator: $indicator, indicatorSheet: $indicatorSheet }) { version }
}`;

/** The moments of expenditure (CONAC), in the order money moves, with the names pages show. */
const MOMENT_NAMES = [['approved', 'Aprobado'], ['modified', 'Modificado'], ['committed', 'Comprometido'], ['accrued', 'Devengado'],
  ['exercised', 'Ejercido'], ['paid', 'Pagado']];
const CHOICES = {
  level: [['FIN', 'Fin'], ['PROPOSITO', 'Propósito'], ['COMPONENTE', 'Componente'], ['ACTIVIDAD', 'Actividad']],
  frequency: [['MENSUAL', 'Mensual'], ['TRIMESTRAL', 'Trimestral'], ['SEMESTRAL', 'Semestral'], ['ANUAL', 'Anual']],
  type: [['ESTRATEGICO', 'Estratégico'], ['GESTION', 'De gestión']],
  dimension: [['EFICACIA', 'Eficacia'], ['EFICIENCIA', 'Eficiencia'], ['CALIDAD', 'Calidad'], ['ECONOMIA', 'Economía']],
  direction: [['ASCENDENTE', 'Ascendente'], ['DESCENDENTE', 'Descendente'], ['CONSTANTE', 'Constante']],
};
const SHEET_TEXTS = [['definition', 'Definición'], ['method', 'Método de cálculo'], ['numerator', 'Numerador'], ['denominator', 'Denominador'],
  ['unit', 'Unidad de medida del indicador'], ['meansOfVerification', 'Medios de verificación'], ['assumptions', 'Supuestos']];
const MISSING_NAMES = {
  level: 'nivel de la MIR', definition: 'definición', method: 'método de cálculo', numerator: 'numerador', denominator: 'denominador',
  unit: 'unidad de medida', frequency: 'frecuencia', type: 'tipo', dimension: 'dimensión', direction: 'sentido', baseline: 'línea base',
  meansOfVerification: 'medios de verificación', assumptions: 'supuestos',
};
const choiceName = (field, value) => CHOICES[field].find(([k]) => k === value)?.[1] ?? '—';
const SET_TARGETS = `mutation SetMonthlyTargets($municipality: String!, $year: Int!, $department: String!, $number: Int!,
    $expectedVersion: Long!, $activityId: Int!, $targets: [MonthValueInput!]!) {
  setMonthlyTargets(input: { ${TARGET}, activityId: $activityId, targets: $targets }) { version }
}`;

const REQUEST_MODIFICATION = `mutation RequestModification($municipality: String!, $year: Int!, $department: String!, $number: Int!,
    $expectedVersion: Long!, $kind: ModificationKind!, $justification: String!, $investment: Decimal, $targets: [TargetInput!],
    $newActivity: ActivityInput, $cancelActivityId: Int) {
  requestModification(input: { ${TARGET}, kind: $kind, justification: $justification, investment: $investment, targets: $targets,
    newActivity: $newActivity, cancelActivityId: $cancelActivityId }) { version }
}`;
const DECIDE_MODIFICATION = `mutation DecideModification($municipality: String!, $year: Int!, $department: String!, $number: Int!,
    $expectedVersion: Long!, $requestId: Int!, $authorize: Boolean!, $comment: String) {
  decideModification(input: { ${TARGET}, requestId: $requestId, authorize: $authorize, comment: $comment }) { version }
}`;

const KIND_NAMES = { INCREASE: 'Ampliación', REDUCTION: 'Reducción', CANCELLATION: 'Cancelación', NEW_ACTIVITY: 'Nueva actividad' };
const REQUEST_STATUS = { PENDING: 'Pendiente', AUTHORIZED: 'Autorizada', REJECTED: 'Rechazada' };

const FIELD_NAMES = {
  ACTION: 'acción', NAME: 'nombre', AXES: 'eje', GOAL: 'meta', OBJECTIVE: 'objetivo específico', STRATEGY: 'estrategia',
  PURPOSE: 'propósito', BENEFICIARIES: 'beneficiarios', INVESTMENT: 'inversión', BUDGET_ITEMS: 'partidas presupuestales',
  ACTIVITY_DESCRIPTION: 'descripción', ACTIVITY_RESPONSIBLE_AREA: 'área responsable', ACTIVITY_UNIT: 'unidad de medida',
  ACTIVITY_INDICATOR: 'indicador', ACTIVITY_INVESTMENT: 'inversión', ACTIVITY_ANNUAL_TARGET: 'programación anual',
  INDICATOR: 'indicador de la acción', INDICATOR_SHEET: 'ficha del indicador de la acción', ACTIVITY_INDICATOR_SHEET: 'ficha del indicador',
  ACTIVITY_FUNDING_SOURCE: 'fuente de financiamiento',
  TARGET: 'programación', PROGRESS: 'avance', REQUEST: 'solicitud de modificación',
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
  let sources = [];
  let cycle;
  let lastCommand = null; // what the editor sent last, to re-apply it after a conflict

  const load = async () => {
    const [{ poa, fundingSources }, details] = await Promise.all([gql(QUERY, { municipality, year, slug, number: actionNumber }),
      gql(DETAILS, { municipality, year, slug, number: actionNumber })]);
    sources = fundingSources;
    const more = details.poa.department?.action;
    const main = poa.department?.action;
    if (main && more) {
      // Both were read at once; an activity added in between has no details yet and shows an empty sheet.
      main.indicator = more.indicator;
      main.indicatorSheet = more.indicatorSheet;
      for (const activity of main.activities) {
        const extra = more.activities.find((a) => a.id === activity.id);
        activity.indicatorSheet = extra?.indicatorSheet ?? { missing: [] };
        const moments = new Map((extra?.progress ?? []).map((p) => [p.month, p.moments]));
        for (const p of activity.progress) p.moments = moments.get(p.month) ?? { approved: 0, modified: 0, committed: 0, accrued: 0, exercised: p.exercised, paid: 0 };
      }
    }
    departmentName = poa.department?.name;
    cycle = poa.department?.cycle ?? { status: 'CAPTURA', approvalNumber: 0, reopenedMonths: [] };
    action = poa.department?.action ?? null;
  };

  const variables = (extra) => ({ municipality, year, department: slug, number: actionNumber, expectedVersion: action.version, ...extra });

  // Only who may change this department sees the forms; the server refuses anyone else anyway.
  const editable = can('edit', { municipality, department: slug });
  const readOnlyNotice = () => `<p class="notice" data-testid="read-only">${session().signedIn
    ? 'Solo lectura: registrar avance o cambiar la programación es de la captura de esta secretaría y de la administración.'
    : `Solo lectura. <a href="/entrar?volver=${encodeURIComponent(location.pathname)}" data-link>Entra</a> para registrar avance.`}</p>`;

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
      <p class="meta">Estado del POA de la secretaría: ${statusBadge(cycle.status)}</p>
      ${action.programmingEditable ? '' : `<p class="notice" data-testid="locked">La programación está bloqueada (${STATUS_NAMES[cycle.status]}):
        ${cycle.status === 'APROBADO' ? 'los cambios de metas, inversión o actividades van por una solicitud de modificación que planeación autoriza.'
          : 'planeación la tiene en revisión; se podrá editar si la devuelve.'} El avance mensual sigue abierto.</p>`}
      ${downloads(`/export/${encodeURIComponent(municipality)}/${year}/${encodeURIComponent(slug)}/${action.number}`)}
      <div class="notice" data-testid="changed-notice" hidden>Hubo cambios en esta secretaría. <button type="button" data-action="reload">Actualizar</button></div>
      <section class="cards">
        <article class="card"><h3>Inversión aproximada</h3><p class="big">${figure('action-investment', money(action.investment), action.investment)}</p></article>
        <article class="card"><h3>Beneficiarios</h3><p class="big">${number(action.beneficiaries.total)}</p>
          <p><small>${number(action.beneficiaries.men)} H / ${number(action.beneficiaries.women)} M</small></p></article>
        <article class="card wide"><h3>Meta</h3><p>${escape(action.goal)}</p>
          <p><small>Partidas: ${action.budgetItems.map((b) => `${escape(b.code)} (${escape(b.chapterName)})`).join(', ') || '—'}</small></p></article>
      </section>
      ${baselineTable(action)}
      <h2>Programación y avance mensual por actividad</h2>
      ${sheetView(action.indicator, action.indicatorSheet, 'action')}
      ${action.activities.map((a) => activityTable(a, action.baseline?.activities.find((b) => b.id === a.id), sources)).join('')}
      ${(action.baseline?.activities ?? []).filter((b) => b.cancelled).map((b) => `<p class="notice" data-testid="cancelled-${b.id}">
        Actividad ${b.id} «${escape(b.description)}» cancelada por una solicitud autorizada (aprobada: ${number(b.annualTarget)} en el año).</p>`).join('')}
      <h2>Avance mensual de la acción</h2>
      <div class="chart"><canvas data-testid="monthly-chart"></canvas></div>
      ${editable ? `<section class="two forms">
        <form data-testid="progress-form">
          <h2>Registrar avance</h2>
          <label>Actividad <select name="activity" data-testid="progress-activity">${activityOptions}</select></label>
          <label>Mes <select name="month" data-testid="progress-month">${monthOptions}</select></label>
          <label>Alcanzado <input name="achieved" type="number" step="any" min="0" required data-testid="progress-achieved"></label>
          <fieldset class="moments"><legend>Momentos del gasto del mes ($)</legend>
            ${MOMENT_NAMES.map(([key, name]) => `<label>${name} <input name="${key}" type="number" step="any" min="0" value="0" data-testid="progress-${key}"></label>`).join('')}
          </fieldset>
          <label>Nota <input name="note" type="text" maxlength="500" data-testid="progress-note"></label>
          <button type="submit" data-testid="progress-submit">Registrar avance</button>
        </form>
        ${action.programmingEditable ? `<form data-testid="targets-form">
          <h2>Programación mensual</h2>
          <label>Actividad <select name="activity" data-testid="targets-activity">${activityOptions}</select></label>
          <div class="months">${MONTHS.map((m, i) => `<label>${m}<input name="m${i + 1}" type="number" step="any" min="0"
            data-testid="target-${i + 1}"></label>`).join('')}</div>
          <button type="submit" data-testid="targets-submit">Guardar programación</button>
        </form>` : ''}
        ${action.programmingEditable ? sheetForm(activityOptions, sources) : ''}
        ${cycle.status === 'APROBADO' ? requestForm(activityOptions) : ''}
      </section>` : readOnlyNotice()}
      ${requestsTable(action.modificationRequests, can('plan', { municipality }))}
      <div data-testid="form-status" class="status" role="status"></div>
      <div data-testid="conflict" class="conflict" hidden></div>
      <h2>Hallazgos</h2>
      ${findingsTable(action.findings)}
      ${evidenceSection(action, { editable, reviewer: can('plan', { municipality }) })}
      ${commentsSection(action.comments, { municipality, department: slug }, 'action-comments')}
      <h2>Historial de cambios</h2>
      ${auditTable(action.audit)}`;
    chart = monthlyChart(root.querySelector('canvas'), action.monthly);
    wireDownloads(root);
    if (editable) wireForms();
    wireRequests();
    wireComments(root, { municipality, year, department: slug, number: actionNumber }, async (text) => { await refresh(); status(text); },
      async (after) => (await gql(MORE_COMMENTS, { municipality, year, slug, number: actionNumber, after })).poa.department.action.comments);
    wireEvidence(root, { municipality, year, department: slug, number: actionNumber }, async (text) => { await refresh(); status(text); },
      (text) => status(text, 'error'));
    root.querySelector('[data-action="reload"]').addEventListener('click', refresh);
  };

  const wireForms = () => {
    const progressForm = root.querySelector('[data-testid="progress-form"]');
    const fillProgress = () => {
      const activity = action.activities.find((a) => a.id === Number(progressForm.activity.value));
      const cell = activity?.progress.find((p) => p.month === Number(progressForm.month.value));
      progressForm.achieved.value = cell ? cell.achieved : '';
      MOMENT_NAMES.forEach(([key]) => { progressForm[key].value = cell ? cell.moments[key] : 0; });
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
          achieved: Number(progressForm.achieved.value), note: note || null,
          ...Object.fromEntries(MOMENT_NAMES.map(([key]) => [key, Number(progressForm[key].value || 0)])),
        },
      });
    });

    const sheetForm = root.querySelector('[data-testid="sheet-form"]');
    if (sheetForm) {
      const fillSheet = () => {
        const owner = sheetForm.owner.value;
        const activity = action.activities.find((a) => String(a.id) === owner);
        const sheet = activity ? activity.indicatorSheet : action.indicatorSheet;
        sheetForm.indicator.value = activity ? activity.indicator : action.indicator;
        Object.keys(CHOICES).forEach((field) => { sheetForm[field].value = sheet[field] ?? ''; });
        SHEET_TEXTS.forEach(([field]) => { sheetForm[field].value = sheet[field] ?? ''; });
        sheetForm.baselineValue.value = sheet.baselineValue ?? '';
        sheetForm.baselineYear.value = sheet.baselineYear ?? '';
        sheetForm.fundingSource.value = activity?.fundingSource ?? '';
        sheetForm.querySelector('[data-testid="sheet-source"]').hidden = !activity;
      };
      sheetForm.owner.addEventListener('change', fillSheet);
      fillSheet();
      sheetForm.addEventListener('submit', (event) => {
        event.preventDefault();
        const indicatorSheet = {
          ...Object.fromEntries(Object.keys(CHOICES).map((field) => [field, sheetForm[field].value || null])),
          ...Object.fromEntries(SHEET_TEXTS.map(([field]) => [field, sheetForm[field].value.trim()])),
          baselineValue: sheetForm.baselineValue.value === '' ? null : Number(sheetForm.baselineValue.value),
          baselineYear: sheetForm.baselineYear.value === '' ? null : Number(sheetForm.baselineYear.value),
        };
        const owner = sheetForm.owner.value;
        const indicator = sheetForm.indicator.value.trim();
        if (owner === 'action') send({ label: 'ficha del indicador de la acción', mutation: UPDATE_ACTION_SHEET, extra: { indicator, indicatorSheet } });
        else send({
          label: `ficha del indicador de la actividad ${owner}`, mutation: UPDATE_ACTIVITY_SHEET,
          extra: { activityId: Number(owner), indicator, indicatorSheet, fundingSource: sheetForm.fundingSource.value },
        });
      });
    }

    const targetsForm = root.querySelector('[data-testid="targets-form"]');
    if (!targetsForm) return;
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
  };

  /** The modification-request form (department) and the decision buttons (planning unit). */
  const wireRequests = () => {
    const form = root.querySelector('[data-testid="request-form"]');
    if (form) {
      const fill = () => {
        const activity = action.activities.find((a) => a.id === Number(form.activity.value));
        activity?.monthlyTargets.forEach((value, i) => { form[`m${i + 1}`].value = value; });
      };
      form.activity.addEventListener('change', fill);
      fill();
      // Each kind shows its own fields; a disabled fieldset is neither validated nor sent.
      const showKind = () => form.querySelectorAll('[data-kind-fields]').forEach((set) => {
        const shown = set.dataset.kindFields.split(' ').includes(form.kind.value);
        set.hidden = !shown;
        set.disabled = !shown;
      });
      form.kind.addEventListener('change', showKind);
      showKind();
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const kind = form.kind.value;
        const investment = form.investment.value === '' ? null : Number(form.investment.value);
        let targets = [];
        let newActivity = null;
        let cancelActivityId = null;
        if (kind === 'NEW_ACTIVITY') {
          newActivity = {
            description: form.newDescription.value.trim(), responsibleArea: form.newArea.value.trim(), unit: form.newUnit.value.trim(),
            indicator: form.newIndicator.value.trim(), investment: Number(form.newInvestment.value || 0),
            monthlyTargets: MONTHS.map((_, i) => Number(form[`n${i + 1}`].value || 0)),
          };
        } else if (kind === 'CANCELLATION') {
          cancelActivityId = Number(form.cancel.value);
        } else {
          const activity = action.activities.find((a) => a.id === Number(form.activity.value));
          targets = activity.monthlyTargets
            .map((old, i) => ({ activityId: activity.id, month: i + 1, value: Number(form[`m${i + 1}`].value), old }))
            .filter((t) => t.value !== Number(t.old))
            .map(({ activityId, month, value }) => ({ activityId, month, value }));
          if (!targets.length && investment === null) {
            status('La solicitud no cambia nada: modifica alguna meta o la inversión.', 'error');
            return;
          }
        }
        send({
          label: 'solicitud de modificación',
          mutation: REQUEST_MODIFICATION,
          extra: { kind, justification: form.justification.value, investment, targets, newActivity, cancelActivityId },
        });
      });
    }
    root.querySelectorAll('[data-decide]').forEach((button) => button.addEventListener('click', () => {
      const id = Number(button.dataset.request);
      const authorize = button.dataset.decide === 'authorize';
      const comment = root.querySelector(`[data-testid="request-${id}-comment"]`).value.trim() || null;
      send({ label: authorize ? `autorización de la solicitud ${id}` : `rechazo de la solicitud ${id}`, mutation: DECIDE_MODIFICATION, extra: { requestId: id, authorize, comment } });
    }));
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

/** The indicator sheet as a definition list, with what it still lacks. */
function sheetView(indicator, sheet, testid) {
  const value = (text) => (text ? escape(text) : '<span class="hint">—</span>');
  return `<details class="sheet" data-testid="sheet-${testid}"><summary>Ficha del indicador: ${value(indicator)}
      ${sheet.missing.length ? `<small class="hint" data-testid="sheet-${testid}-missing">(faltan ${sheet.missing.length} campos)</small>` : '<small>(completa)</small>'}</summary>
    <dl>
      <dt>Nivel MIR</dt><dd data-testid="sheet-${testid}-level">${choiceName('level', sheet.level)}</dd>
      <dt>Tipo</dt><dd>${choiceName('type', sheet.type)}</dd><dt>Dimensión</dt><dd>${choiceName('dimension', sheet.dimension)}</dd>
      <dt>Frecuencia</dt><dd data-testid="sheet-${testid}-frequency">${choiceName('frequency', sheet.frequency)}</dd>
      <dt>Sentido</dt><dd data-testid="sheet-${testid}-direction">${choiceName('direction', sheet.direction)}</dd>
      ${SHEET_TEXTS.map(([field, name]) => `<dt>${name}</dt><dd>${value(sheet[field])}</dd>`).join('')}
      <dt>Línea base</dt><dd>${sheet.baselineValue == null ? '—' : `${number(sheet.baselineValue)} (${sheet.baselineYear ?? 's/a'})`}</dd>
    </dl>
    ${sheet.missing.length ? `<p class="hint">Falta: ${sheet.missing.map((m) => MISSING_NAMES[m] ?? m).join(', ')}.</p>` : ''}
  </details>`;
}

function sheetForm(activityOptions, sources) {
  const select = (field, name) => `<label>${name} <select name="${field}" data-testid="sheet-${field}"><option value="">—</option>
    ${CHOICES[field].map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></label>`;
  return `<form data-testid="sheet-form">
    <h2>Ficha del indicador y fuente de financiamiento</h2>
    <label>De <select name="owner" data-testid="sheet-owner"><option value="action">La acción (su indicador propio)</option>
      ${activityOptions}</select></label>
    <label>Nombre del indicador <input name="indicator" type="text" maxlength="2000" data-testid="sheet-indicator"></label>
    ${select('level', 'Nivel MIR')}${select('type', 'Tipo')}${select('dimension', 'Dimensión')}${select('frequency', 'Frecuencia')}${select('direction', 'Sentido')}
    ${SHEET_TEXTS.map(([field, name]) => `<label>${name} <input name="${field}" type="text" maxlength="2000" data-testid="sheet-${field}"></label>`).join('')}
    <label>Línea base <input name="baselineValue" type="number" step="any" min="0" data-testid="sheet-baselineValue"></label>
    <label>Año de la línea base <input name="baselineYear" type="number" step="1" min="1900" max="2200" data-testid="sheet-baselineYear"></label>
    <label data-testid="sheet-source">Fuente de financiamiento <select name="fundingSource" data-testid="sheet-fundingSource"><option value="">Sin fuente</option>
      ${sources.map((s) => `<option value="${escape(s.key)}">${escape(s.name)}</option>`).join('')}</select></label>
    <button type="submit" data-testid="sheet-submit">Guardar ficha</button>
  </form>`;
}

function activityTable(activity, approved, sources) {
  const progress = new Map(activity.progress.map((p) => [p.month, p]));
  const row = (label, cell, total, kind) => `<tr><th>${label}</th>${MONTHS.map((_, i) =>
    `<td class="num" data-testid="cell-${activity.id}-${i + 1}-${kind}">${cell(i + 1)}</td>`).join('')}<td class="num total">${total}</td></tr>`;
  const sum = (key) => activity.progress.reduce((s, p) => s + Number(p[key]), 0);
  return `<article class="activity" data-activity="${activity.id}">
    <h3>${activity.id}. ${escape(activity.description)}</h3>
    <p class="meta">${escape(activity.responsibleArea)} · ${escape(activity.unit)} · ${escape(activity.indicator)} ·
      Inversión ${money(activity.investment)} · Fuente: <span data-testid="source-${activity.id}">${escape(sources.find((s) => s.key === activity.fundingSource)?.name ?? 'sin fuente')}</span> ·
      Cumplimiento ${activity.compliance.judgedAtMonth !== activity.compliance.upToMonth ? `(medido a ${monthName(activity.compliance.judgedAtMonth)}) ` : ''}<span data-testid="compliance-${activity.id}">${percent(activity.compliance.ratio)}</span> ${light(activity.compliance.light, `light-${activity.id}`)}</p>
    ${sheetView(activity.indicator, activity.indicatorSheet, `activity-${activity.id}`)}
    <table class="months-table"><thead><tr><th></th>${MONTHS.map((m) => `<th class="num">${m}</th>`).join('')}<th class="num">Anual</th></tr></thead>
      <tbody>
        ${approved && approved.monthlyTargets.some((v, i) => Number(v) !== Number(activity.monthlyTargets[i]))
          ? row('Aprobado', (m) => number(approved.monthlyTargets[m - 1]), number(approved.annualTarget), 'approved') : ''}
        ${row(approved ? 'Programado (modificado)' : 'Programado', (m) => number(activity.monthlyTargets[m - 1]), number(activity.annualTarget), 'target')}
        ${row('Alcanzado', (m) => (progress.has(m) ? number(progress.get(m).achieved) : ''), number(sum('achieved')), 'achieved')}
        ${MOMENT_NAMES.filter(([key]) => key === 'exercised' || activity.progress.some((p) => Number(p.moments[key]) !== 0)).map(([key, name]) =>
          row(name, (m) => (progress.has(m) ? money(progress.get(m).moments[key]) : ''), money(activity.progress.reduce((s, p) => s + Number(p.moments[key]), 0)), key)).join('')}
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
      <td>${escape(e.command)}</td><td>${escape(describeField(e))}</td><td>${auditValue(e.oldValue)}</td>
      <td>${auditValue(e.newValue)}</td></tr>`).join('')}</tbody></table>`;
}

// A creation or deletion records the whole action: its own line, then one "campo: valor" line per field, shown folded.
function auditValue(value) {
  if (value == null) return '—';
  const [first, ...rest] = value.split('\n');
  if (!rest.length) return escape(value);
  return `<details class="audit-whole"><summary>${escape(first)} <small>(${rest.length} campos)</small></summary>
    <ul>${rest.map((line) => `<li>${escape(line)}</li>`).join('')}</ul></details>`;
}

function messageOf(error) {
  const reasons = {
    UNAUTHENTICATED: 'Entra con tu cuenta para poder guardar.',
    FORBIDDEN: 'Tu cuenta no permite cambiar esta secretaría.',
    PASSWORD_CHANGE_REQUIRED: 'Cambia primero tu contraseña de un solo uso.',
  };
  if (error.code === 'VALIDATION' && error.extensions?.field === 'note')
    return 'Lo alcanzado está lejos de lo programado (semáforo rojo): explica la desviación en la nota.';
  if (error.code === 'VALIDATION' && error.extensions?.field === 'justification') return 'La solicitud necesita su justificación.';
  return reasons[error.code] ?? cycleMessage(error);
}

/** Approved (the baseline) beside modified: investment and the twelve months, with the differences. */
function baselineTable(action) {
  const baseline = action.baseline;
  if (!baseline || (Number(baseline.investmentDifference) === 0 && baseline.monthlyDifference.every((d) => Number(d) === 0))) return '';
  const modified = baseline.monthlyTargets.map((v, i) => Number(v) + Number(baseline.monthlyDifference[i]));
  const cells = (values, kind) => values.map((v, i) => `<td class="num" data-testid="baseline-${kind}-${i + 1}">${number(v)}</td>`).join('');
  return `<section data-testid="baseline"><h2>Aprobado y modificado</h2>
    <table class="months-table"><thead><tr><th></th><th class="num">Inversión</th>${MONTHS.map((m) => `<th class="num">${m}</th>`).join('')}</tr></thead><tbody>
      <tr><th>Aprobado</th><td class="num" data-testid="baseline-investment">${money(baseline.investment)}</td>${cells(baseline.monthlyTargets, 'approved')}</tr>
      <tr><th>Modificado</th><td class="num" data-testid="modified-investment">${money(action.investment)}</td>${cells(modified, 'modified')}</tr>
      <tr><th>Diferencia</th><td class="num" data-testid="baseline-difference">${money(baseline.investmentDifference)}</td>${cells(baseline.monthlyDifference, 'difference')}</tr>
    </tbody></table></section>`;
}

function requestForm(activityOptions) {
  return `<form data-testid="request-form">
    <h2>Solicitar modificación</h2>
    <p class="hint">La programación aprobada cambia solo con la autorización de planeación; las metas de los meses cerrados no cambian,
      aunque un mes se haya reabierto para reportar avance.</p>
    <label>Tipo <select name="kind" data-testid="request-kind">${Object.entries(KIND_NAMES).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></label>
    <label>Justificación <textarea name="justification" rows="3" maxlength="2000" required data-testid="request-justification"></textarea></label>
    <label>Nueva inversión de la acción ($, opcional) <input name="investment" type="number" step="any" min="0" data-testid="request-investment"></label>
    <fieldset data-kind-fields="INCREASE REDUCTION">
      <label>Actividad <select name="activity" data-testid="request-activity">${activityOptions}</select></label>
      <div class="months">${MONTHS.map((m, i) => `<label>${m}<input name="m${i + 1}" type="number" step="any" min="0" data-testid="request-target-${i + 1}"></label>`).join('')}</div>
    </fieldset>
    <fieldset data-kind-fields="CANCELLATION" hidden disabled>
      <label>Actividad que se cancela <select name="cancel" data-testid="request-cancel-activity">${activityOptions}</select></label>
      <p class="hint">Sus metas de los meses que siguen abiertos pasan a 0; las de meses cerrados y su avance se conservan.</p>
    </fieldset>
    <fieldset data-kind-fields="NEW_ACTIVITY" hidden disabled>
      <label>Descripción de la nueva actividad <input name="newDescription" type="text" maxlength="2000" required data-testid="request-new-description"></label>
      <label>Área responsable <input name="newArea" type="text" maxlength="2000" data-testid="request-new-area"></label>
      <label>Unidad de medida <input name="newUnit" type="text" maxlength="2000" data-testid="request-new-unit"></label>
      <label>Indicador <input name="newIndicator" type="text" maxlength="2000" data-testid="request-new-indicator"></label>
      <label>Inversión ($) <input name="newInvestment" type="number" step="any" min="0" value="0" data-testid="request-new-investment"></label>
      <p class="hint">Metas mensuales: deja en 0 los meses ya cerrados.</p>
      <div class="months">${MONTHS.map((m, i) => `<label>${m}<input name="n${i + 1}" type="number" step="any" min="0" value="0" data-testid="request-new-target-${i + 1}"></label>`).join('')}</div>
    </fieldset>
    <button type="submit" data-testid="request-submit">Enviar solicitud</button>
  </form>`;
}

function requestsTable(page, planner) {
  const requests = page.nodes;
  if (!requests.length) return '';
  return `<section><h2>Solicitudes de modificación</h2><table data-testid="requests"><thead><tr><th class="num">Núm.</th><th>Tipo</th><th>Estado</th>
      <th>Justificación</th><th>Cambios</th><th>Solicitó</th><th>Decisión</th></tr></thead><tbody>
    ${requests.map((r) => `<tr data-request="${r.id}">
      <td class="num">${r.id}</td><td>${KIND_NAMES[r.kind] ?? r.kind}</td>
      <td data-testid="request-status-${r.id}" data-status="${r.status}">${REQUEST_STATUS[r.status] ?? r.status}</td>
      <td>${escape(r.justification)}</td><td><ul>${r.changes.map((c) => `<li>${escape(c)}</li>`).join('')}</ul></td>
      <td>${escape(r.requestedBy)}<br><small>${date(r.requestedAt)}</small></td>
      <td>${r.status === 'PENDING'
        ? (planner ? `<input type="text" maxlength="2000" placeholder="Comentario (obligatorio para rechazar)" data-testid="request-${r.id}-comment">
            <button type="button" data-decide="authorize" data-request="${r.id}" data-testid="request-${r.id}-authorize">Autorizar</button>
            <button type="button" class="secondary" data-decide="reject" data-request="${r.id}" data-testid="request-${r.id}-reject">Rechazar</button>`
          : 'Espera a planeación')
        : `${escape(r.decidedBy ?? '')} ${r.decidedAt ? `<small>${date(r.decidedAt)}</small>` : ''}${r.comment ? `<br>«${escape(r.comment)}»` : ''}`}</td>
    </tr>`).join('')}</tbody></table>
    ${page.totalCount > requests.length ? `<p class="hint" data-testid="requests-more">Se muestran las primeras ${requests.length} de ${page.totalCount} solicitudes.</p>` : ''}</section>`;
}
