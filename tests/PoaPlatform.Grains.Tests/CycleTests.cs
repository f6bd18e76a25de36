using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Domain.Findings;
using PoaPlatform.Domain.Model;
using PoaPlatform.Grains.Import;
using PoaPlatform.Grains.Tests.Infrastructure;
using PoaPlatform.Persistence;
using PoaPlatform.Testing;

namespace PoaPlatform.Grains.Tests;

/// <summary>The year's cycle held by the department grain: every transition, the lock, modification requests with the
/// baseline, cut-offs and reopened months, on every storage backend (subclasses at the end).</summary>
public abstract class CycleTests<TFixture>(TFixture cluster) where TFixture : ClusterFixture
{
    private static readonly Editor s_editor = new("ana", "obras-publicas");
    private static readonly Editor s_planner = new("paula", "");
    private static readonly Editor s_otherPlanner = new("pedro", "");
    private static readonly Editor s_admin = new("alma", "");

    private IGrainFactory Grains => cluster.Grains;

    /// <summary>A fresh POA with its months open (<see cref="TestCalendar"/>) and one department of it.</summary>
    private async Task<(string Poa, IDepartmentGrain Department, string Key)> NewDepartmentAsync(IReadOnlyList<DateOnly>? cutOffs = null)
    {
        var poa = await TestPoas.NewAsync(Grains, "ciclo", cutOffs);
        var key = PoaKeys.Department(poa, "obras-publicas");
        return (poa, Grains.GetGrain<IDepartmentGrain>(key), key);
    }

    /// <summary>An action whose checks find nothing: activities with targets every month, investments that add up.</summary>
    private static PoaAction CleanAction(int number)
    {
        var monthly = new MonthlyValues(Enumerable.Repeat(10m, 12));
        Activity Activity(int id) => new(id, $"Actividad {number}.{id}", "Dirección", "Obras", "Número de obras", 5000m, monthly.Total, monthly);
        return new PoaAction(number, $"Acción {number}", ["Zacatecas Productivo"], "Meta", "Objetivo", "Estrategia", "Propósito",
            new Beneficiaries(100, 120), 10_000m, [new BudgetItem("6141")], [Activity(1), Activity(2)]);
    }

    private async Task<(IActionGrain Grain, long Version)> CreateAsync(string department, PoaAction action)
    {
        var grain = Grains.GetGrain<IActionGrain>(PoaKeys.Action(department, action.Number));
        var result = await grain.ExecuteAsync(new CreateAction(action), new CommandContext(s_editor));
        Assert.True(result.Succeeded, result.Error?.Message);
        return (grain, result.Version);
    }

    private static async Task<CommandResult> MoveAsync(IDepartmentGrain department, CycleTransition transition, Editor who, long? seen = null,
        string? comment = null, IReadOnlyList<FindingExplanation>? explanations = null) =>
        await department.TransitionAsync(transition, comment, explanations ?? [], new CommandContext(who, seen));

    private static async Task<DepartmentCycle> CycleOf(IDepartmentGrain department) => (await department.GetSummaryAsync()).CycleOrStart;

    private static void Succeeded(CommandResult result) => Assert.True(result.Succeeded, result.Error?.Message);

    /// <summary>Captured, submitted and approved by the planning unit.</summary>
    private static async Task ApproveAsync(IDepartmentGrain department)
    {
        Succeeded(await MoveAsync(department, CycleTransition.Submit, s_editor));
        Succeeded(await MoveAsync(department, CycleTransition.Approve, s_planner));
    }

    [Fact]
    public async Task EveryTransitionOfTheCycleMovesTheStatusWithAVersionAHistoryAndAnAuditEntry()
    {
        var (_, department, key) = await NewDepartmentAsync();
        await CreateAsync(key, CleanAction(1));

        var submitted = await MoveAsync(department, CycleTransition.Submit, s_editor, seen: 0);
        var inReview = await MoveAsync(department, CycleTransition.TakeForReview, s_planner, seen: 1);
        var returnedWithoutComments = await MoveAsync(department, CycleTransition.Return, s_planner, seen: 2);
        var returned = await MoveAsync(department, CycleTransition.Return, s_planner, seen: 2, comment: "Falta el indicador de la actividad 2.");
        var resubmitted = await MoveAsync(department, CycleTransition.Submit, s_editor, seen: 3);
        var approved = await MoveAsync(department, CycleTransition.Approve, s_planner, seen: 4);
        var reopenedWithoutReason = await MoveAsync(department, CycleTransition.Reopen, s_admin, seen: 5);
        var reopened = await MoveAsync(department, CycleTransition.Reopen, s_admin, seen: 5, comment: "Cambio de titular: se reprograma.");

        Assert.Equal([1L, 2, 3, 4, 5, 6], new[] { submitted, inReview, returned, resubmitted, approved, reopened }.Select(r => { Succeeded(r); return r.Version; }));
        Assert.Equal((ErrorCodes.Validation, "comment"), (returnedWithoutComments.Error!.Code, returnedWithoutComments.Error.Field));
        Assert.Equal((ErrorCodes.Validation, "comment"), (reopenedWithoutReason.Error!.Code, reopenedWithoutReason.Error.Field));
        var cycle = await CycleOf(department);
        Assert.Equal((CycleStatus.Captura, 6L, 1), (cycle.Status, cycle.Version, cycle.ApprovalNumber));
        Assert.Equal(
            [(CycleStatus.Captura, CycleStatus.Enviado, "ana"), (CycleStatus.Enviado, CycleStatus.EnRevision, "paula"), (CycleStatus.EnRevision, CycleStatus.Devuelto, "paula"),
             (CycleStatus.Devuelto, CycleStatus.Enviado, "ana"), (CycleStatus.Enviado, CycleStatus.Aprobado, "paula"), (CycleStatus.Aprobado, CycleStatus.Captura, "alma")],
            cycle.History.Select(e => (e.From, e.To, e.User)));
        Assert.Equal("Falta el indicador de la actividad 2.", cycle.History[2].Comment);

        var audit = await cluster.Audit.ReadAsync(new AuditQuery(DepartmentKey: key));
        var transitions = audit.Where(e => e.ActionKey == key).OrderBy(e => e.Version).ToList();
        Assert.Equal(["submitPoa", "reviewPoa", "returnPoa", "submitPoa", "approvePoa", "reopenPoa"], transitions.Select(e => e.Command));
        Assert.Equal(("status", "Aprobado", "Captura: Cambio de titular: se reprograma.", "alma"),
            (transitions[^1].Field, transitions[^1].OldValue, transitions[^1].NewValue, transitions[^1].User));
    }

    [Fact]
    public async Task AnInvalidTransitionNamesTheCurrentStatusAndTheTransitionsAllowed()
    {
        var (_, department, key) = await NewDepartmentAsync();
        await CreateAsync(key, CleanAction(1));

        var approveUnsubmitted = await MoveAsync(department, CycleTransition.Approve, s_planner);
        Succeeded(await MoveAsync(department, CycleTransition.Submit, s_editor));
        var submitTwice = await MoveAsync(department, CycleTransition.Submit, s_editor);

        Assert.Equal((ErrorCodes.InvalidTransition, "Captura"), (approveUnsubmitted.Error!.Code, approveUnsubmitted.Error.CurrentValue));
        Assert.Equal(["Submit", "ImportApproved"], approveUnsubmitted.Error.Allowed);
        Assert.Equal((ErrorCodes.InvalidTransition, "Enviado"), (submitTwice.Error!.Code, submitTwice.Error.CurrentValue));
        Assert.Equal(["TakeForReview", "Return", "Approve"], submitTwice.Error.Allowed);
        Assert.Equal(1, (await CycleOf(department)).Version);
    }

    [Fact]
    public async Task SubmissionIsBlockedByAnErrorAndNeedsTheSubmittersExplanationOfEachWarning()
    {
        var (_, department, key) = await NewDepartmentAsync();
        var empty = await MoveAsync(department, CycleTransition.Submit, s_editor);
        var (grain, version) = await CreateAsync(key, CleanAction(1) with { Investment = 12_000m });
        var target = (await grain.GetAsync())!.Action.Activities[0];
        var noTargets = await grain.ExecuteAsync(new SetMonthlyTargets(target.Id, [.. Enumerable.Range(1, 12).Select(m => new MonthValue(m, 0))]), new CommandContext(s_editor, version));
        var withError = await MoveAsync(department, CycleTransition.Submit, s_editor);
        Succeeded(await grain.ExecuteAsync(new SetMonthlyTargets(target.Id, [new MonthValue(1, 10)]), new CommandContext(s_editor, noTargets.Version)));

        var unexplained = await MoveAsync(department, CycleTransition.Submit, s_editor);
        var warning = FindingKeys.Of((await department.GetSummaryAsync()).Findings).Single(f => f.Finding.Code == FindingCodes.ActionInvestmentMismatch);
        var explained = await MoveAsync(department, CycleTransition.Submit, s_editor,
            explanations: [new FindingExplanation(warning.Key, "Los 2,000 restantes son de una aportación estatal.")]);

        Assert.Equal((ErrorCodes.Validation, "findings"), (empty.Error!.Code, empty.Error.Field));
        Assert.Contains("no actions", empty.Error.Message, StringComparison.Ordinal);
        Succeeded(noTargets);
        Assert.Equal((ErrorCodes.Validation, "findings"), (withError.Error!.Code, withError.Error.Field));
        Assert.Contains("no monthly target", withError.Error.Message, StringComparison.Ordinal);
        Assert.Equal((ErrorCodes.Validation, "explanations"), (unexplained.Error!.Code, unexplained.Error.Field));
        Assert.Contains(warning.Key, unexplained.Error.Message, StringComparison.Ordinal);
        Succeeded(explained);
        var cycle = await CycleOf(department);
        Assert.Equal(CycleStatus.Enviado, cycle.Status);
        Assert.Equal(new FindingExplanation(warning.Key, "Los 2,000 restantes son de una aportación estatal."), Assert.Single(cycle.Explanations));
    }

    [Fact]
    public async Task SubmittedAndApprovedProgrammingIsReadOnlyWhileProgressStaysOpen()
    {
        var (_, department, key) = await NewDepartmentAsync();
        var (grain, version) = await CreateAsync(key, CleanAction(1));
        Succeeded(await MoveAsync(department, CycleTransition.Submit, s_editor));

        var renameSubmitted = await grain.ExecuteAsync(new UpdateAction(new ActionUpdate(Name: "Otro nombre")), new CommandContext(s_editor, version));
        Succeeded(await MoveAsync(department, CycleTransition.Approve, s_planner));
        var targetsApproved = await grain.ExecuteAsync(new SetMonthlyTargets(1, [new MonthValue(6, 99)]), new CommandContext(s_editor, version));
        var addApproved = await grain.ExecuteAsync(new AddActivity(CleanAction(1).Activities[0] with { Id = 0 }), new CommandContext(s_admin, version));
        var progress = await grain.ExecuteAsync(new ReportProgress(1, new MonthProgress(6, 10, 800)), new CommandContext(s_editor, version));

        Assert.Equal((ErrorCodes.Locked, "Enviado"), (renameSubmitted.Error!.Code, renameSubmitted.Error.CurrentValue));
        Assert.Equal((ErrorCodes.Locked, "Aprobado"), (targetsApproved.Error!.Code, targetsApproved.Error.CurrentValue));
        Assert.Contains("requestModification", targetsApproved.Error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.Locked, addApproved.Error!.Code);
        Succeeded(progress);
        Assert.Equal(10, (await grain.GetAsync())!.Action.Activities[0].Monthly.OfMonth(6));
    }

    [Fact]
    public async Task TwoReviewersActingOnOneSubmissionGetOneSuccessAndOneConflict()
    {
        var (_, department, key) = await NewDepartmentAsync();
        await CreateAsync(key, CleanAction(1));
        var submitted = await MoveAsync(department, CycleTransition.Submit, s_editor);

        var decisions = await Task.WhenAll(
            MoveAsync(department, CycleTransition.Approve, s_planner, submitted.Version),
            MoveAsync(department, CycleTransition.Return, s_otherPlanner, submitted.Version, comment: "Revisar metas."));

        Assert.Single(decisions, d => d.Succeeded);
        var loser = Assert.Single(decisions, d => !d.Succeeded);
        Assert.Equal(ErrorCodes.Conflict, loser.Error!.Code);
        var cycle = await CycleOf(department);
        Assert.Equal(submitted.Version + 1, cycle.Version);
        Assert.Equal(cycle.Status.ToString(), loser.Error.CurrentValue);
    }

    [Fact]
    public async Task TheCycleSurvivesARestartInTheMiddleAndTheLockStillHoldsAfterIt()
    {
        var (_, department, key) = await NewDepartmentAsync();
        var (_, version) = await CreateAsync(key, CleanAction(7));
        Succeeded(await MoveAsync(department, CycleTransition.Submit, s_editor));
        Succeeded(await MoveAsync(department, CycleTransition.TakeForReview, s_planner));

        await cluster.RestartAsync();
        department = Grains.GetGrain<IDepartmentGrain>(key);
        var afterRestart = await CycleOf(department);
        var approved = await MoveAsync(department, CycleTransition.Approve, s_planner, afterRestart.Version);
        await cluster.RestartAsync();
        var grain = Grains.GetGrain<IActionGrain>(PoaKeys.Action(key, 7));
        var edit = await grain.ExecuteAsync(new UpdateAction(new ActionUpdate(Goal: "Otra meta")), new CommandContext(s_editor, version));

        Assert.Equal((CycleStatus.EnRevision, 2L), (afterRestart.Status, afterRestart.Version));
        Assert.Equal(CycleStatus.Enviado, afterRestart.History[0].To);
        Succeeded(approved);
        Assert.Equal((CycleStatus.Aprobado, 1), ((await CycleOf(Grains.GetGrain<IDepartmentGrain>(key))).Status, (await CycleOf(Grains.GetGrain<IDepartmentGrain>(key))).ApprovalNumber));
        Assert.Equal(ErrorCodes.Locked, edit.Error?.Code);
    }

    [Fact]
    public async Task AnAuthorisedRequestAppliesOnTopOfProgressReportedMeanwhileAndTheBaselineStaysAsApproved()
    {
        var (poa, department, key) = await NewDepartmentAsync();
        var (grain, _) = await CreateAsync(key, CleanAction(3));
        await ApproveAsync(department);
        var approvedVersion = (await grain.GetAsync())!.Version;

        var requested = await grain.ExecuteAsync(new RequestModification(ModificationKind.Increase, "Se suman dos colonias al programa.",
            [new SetMonthlyTargets(1, [new MonthValue(11, 15), new MonthValue(12, 15)]), new UpdateActivity(1, new ActivityUpdate(Investment: 7000m)), new UpdateAction(new ActionUpdate(Investment: 12_000m))]),
            new CommandContext(s_editor, approvedVersion));
        var planner = (await grain.GetAsync())!;
        var progress = await grain.ExecuteAsync(new ReportProgress(1, new MonthProgress(2, 10, 900)), new CommandContext(s_editor, requested.Version));
        var authorised = await grain.ExecuteAsync(new DecideModification(1, Authorize: true, "Autorizada."), new CommandContext(s_planner, planner.Version));

        Succeeded(requested);
        Assert.Equal(1, (await department.GetSummaryAsync()).Figures.Actions);
        Succeeded(progress);
        Succeeded(authorised);
        var after = (await grain.GetAsync())!;
        Assert.Equal((15m, 15m, 7000m, 12_000m), (after.Action.Activities[0].Monthly.OfMonth(11), after.Action.Activities[0].Monthly.OfMonth(12), after.Action.Activities[0].Investment, after.Action.Investment));
        Assert.Equal(10, after.ProgressOf(1).Of(2)!.Achieved);
        var baseline = after.BaselineOf(1);
        Assert.Equal((10m, 5000m, 10_000m), (baseline.Activities[0].Monthly.OfMonth(12), baseline.Activities[0].Investment, baseline.Investment));
        var request = Assert.Single(after.Requests!);
        Assert.Equal((ModificationStatus.Authorized, "paula", "Autorizada."), (request.Status, request.DecidedBy, request.Comment));

        var figures = (await department.GetSummaryAsync()).Figures;
        Assert.Equal((12_000m, 10_000m), (figures.Investment, figures.ApprovedInvestment));
        Assert.Equal((25m, 20m), (figures.Programmed.OfMonth(12), figures.Approved.OfMonth(12)));
        var city = await Grains.GetGrain<IPoaGrain>(poa).GetTotalsAsync();
        Assert.Equal((12_000m, 10_000m), (city.Investment, city.ApprovedInvestment));
        var audit = await cluster.Audit.ReadAsync(new AuditQuery(ActionKey: PoaKeys.Action(key, 3)));
        Assert.Equal(["activity/1/annualTarget", "activity/1/investment", "activity/1/target/11", "activity/1/target/12", "investment", "request/1"],
            audit.Where(e => e.Command == "decideModification").Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARejectionNeedsItsReasonAndChangesNothingButTheRequest()
    {
        var (_, department, key) = await NewDepartmentAsync();
        var (grain, _) = await CreateAsync(key, CleanAction(4));
        var beforeApproval = await grain.ExecuteAsync(new RequestModification(ModificationKind.Reduction, "Menos obras.", [new SetMonthlyTargets(1, [new MonthValue(12, 1)])]), new CommandContext(s_editor));
        await ApproveAsync(department);
        var unjustified = await grain.ExecuteAsync(new RequestModification(ModificationKind.Reduction, " ", [new SetMonthlyTargets(1, [new MonthValue(12, 1)])]), new CommandContext(s_editor));
        Succeeded(await grain.ExecuteAsync(new RequestModification(ModificationKind.Reduction, "Menos obras.", [new SetMonthlyTargets(1, [new MonthValue(12, 1)])]), new CommandContext(s_editor)));

        var withoutReason = await grain.ExecuteAsync(new DecideModification(1, Authorize: false, null), new CommandContext(s_planner));
        var rejected = await grain.ExecuteAsync(new DecideModification(1, Authorize: false, "La meta anual es compromiso del plan."), new CommandContext(s_planner));
        var decidedTwice = await grain.ExecuteAsync(new DecideModification(1, Authorize: true, null), new CommandContext(s_otherPlanner));

        Assert.Equal(ErrorCodes.InvalidTransition, beforeApproval.Error?.Code);
        Assert.Equal((ErrorCodes.Validation, "justification"), (unjustified.Error!.Code, unjustified.Error.Field));
        Assert.Equal((ErrorCodes.Validation, "comment"), (withoutReason.Error!.Code, withoutReason.Error.Field));
        Succeeded(rejected);
        Assert.Equal((ErrorCodes.InvalidTransition, "Rejected"), (decidedTwice.Error!.Code, decidedTwice.Error.CurrentValue));
        var after = (await grain.GetAsync())!;
        Assert.Equal(10, after.Action.Activities[0].Monthly.OfMonth(12));
        Assert.Null(after.Baseline);
        Assert.Equal(ModificationStatus.Rejected, Assert.Single(after.Requests!).Status);
    }

    [Fact]
    public async Task ALateReportIsRefusedUntilAPlannerReopensTheMonthAndClosedTargetsNeverChange()
    {
        // January closes on its default cut-off (10 February 2021, long past); the other months stay open.
        var cutOffs = TestCalendar.OpenCutOffs();
        cutOffs[0] = new DateOnly(2021, 2, 10);
        var (_, department, key) = await NewDepartmentAsync(cutOffs);
        var (grain, version) = await CreateAsync(key, CleanAction(5));

        var late = await grain.ExecuteAsync(new ReportProgress(1, new MonthProgress(1, 10, 500)), new CommandContext(s_editor, version));
        var february = await grain.ExecuteAsync(new ReportProgress(1, new MonthProgress(2, 10, 500)), new CommandContext(s_editor, version));
        var reopened = await department.SetMonthReopenedAsync(1, reopened: true, new CommandContext(s_planner));
        var accepted = await grain.ExecuteAsync(new ReportProgress(1, new MonthProgress(1, 10, 500)), new CommandContext(s_editor, version));
        Succeeded(await department.SetMonthReopenedAsync(1, reopened: false, new CommandContext(s_planner)));
        var closedAgain = await grain.ExecuteAsync(new ReportProgress(1, new MonthProgress(1, 12, 500)), new CommandContext(s_editor, version));
        await ApproveAsync(department);
        var closedTargets = await grain.ExecuteAsync(new RequestModification(ModificationKind.Increase, "Más obras.", [new SetMonthlyTargets(1, [new MonthValue(1, 20), new MonthValue(3, 20)])]), new CommandContext(s_editor));

        Assert.Equal((ErrorCodes.MonthClosed, "month"), (late.Error!.Code, late.Error.Field));
        Assert.Contains("2021-02-10", late.Error.Message, StringComparison.Ordinal);
        Succeeded(february);
        Succeeded(reopened);
        Succeeded(accepted);
        Assert.Equal(ErrorCodes.MonthClosed, closedAgain.Error?.Code);
        Assert.Equal((ErrorCodes.MonthClosed, "targets"), (closedTargets.Error!.Code, closedTargets.Error.Field));
        Assert.Equal(10, (await grain.GetAsync())!.ProgressOf(1).Of(1)!.Achieved);
        var audit = await cluster.Audit.ReadAsync(new AuditQuery(DepartmentKey: key));
        Assert.Equal(["reopenMonth", "closeMonth"], audit.Where(e => e.Field == "month/1").OrderBy(e => e.Version).Select(e => e.Command));
    }

    /// <summary>January closed on its default cut-off (10 February 2021, long past); the other months open.</summary>
    private static DateOnly[] JanuaryClosed()
    {
        var cutOffs = TestCalendar.OpenCutOffs();
        cutOffs[0] = new DateOnly(2021, 2, 10);
        return cutOffs;
    }

    [Fact]
    public async Task ARequestedNewActivityCarriesNoTargetInAClosedMonth()
    {
        var (_, department, key) = await NewDepartmentAsync(JanuaryClosed());
        var (grain, _) = await CreateAsync(key, CleanAction(11));
        await ApproveAsync(department);
        var everyMonth = CleanAction(11).Activities[0] with { Id = 0, Description = "Bacheo nocturno" };
        var fromFebruary = everyMonth with { Monthly = everyMonth.Monthly.With(1, 0), AnnualTarget = everyMonth.Monthly.Total - 10 };

        var withJanuary = await grain.ExecuteAsync(new RequestModification(ModificationKind.NewActivity, "Turno nocturno.", [new AddActivity(everyMonth)]), new CommandContext(s_editor));
        var requested = await grain.ExecuteAsync(new RequestModification(ModificationKind.NewActivity, "Turno nocturno.", [new AddActivity(fromFebruary)]), new CommandContext(s_editor));
        var authorised = await grain.ExecuteAsync(new DecideModification(1, Authorize: true, null), new CommandContext(s_planner));

        Assert.Equal((ErrorCodes.MonthClosed, "targets"), (withJanuary.Error!.Code, withJanuary.Error.Field));
        Assert.Contains("ENE", withJanuary.Error.Message, StringComparison.Ordinal);
        Succeeded(requested);
        Succeeded(authorised);
        var added = (await grain.GetAsync())!.Action.Activities.Single(a => a.Description == "Bacheo nocturno");
        Assert.Equal((3, 0m, 10m, 110m), (added.Id, added.Monthly.OfMonth(1), added.Monthly.OfMonth(2), added.AnnualTarget));
    }

    [Fact]
    public async Task ACancellationByRequestKeepsTheClosedMonthsTargetsAndRemovesOnlyAnActivityWithNothingPast()
    {
        var (_, department, key) = await NewDepartmentAsync(JanuaryClosed());
        var action = CleanAction(12);
        var fromFebruary = action.Activities[1].Monthly.With(1, 0);
        action = action with { Activities = [action.Activities[0], action.Activities[1] with { Monthly = fromFebruary, AnnualTarget = fromFebruary.Total }] };
        var (grain, _) = await CreateAsync(key, action);
        await ApproveAsync(department);

        var requested = await grain.ExecuteAsync(new RequestModification(ModificationKind.Cancellation, "La obra pasa al programa estatal.",
            [new RemoveActivity(1), new RemoveActivity(2)]), new CommandContext(s_editor));
        var authorised = await grain.ExecuteAsync(new DecideModification(1, Authorize: true, null), new CommandContext(s_planner));

        Succeeded(requested);
        Succeeded(authorised);
        var after = (await grain.GetAsync())!;
        var kept = Assert.Single(after.Action.Activities);
        Assert.Equal((1, 10m, 0m, 0m, 10m), (kept.Id, kept.Monthly.OfMonth(1), kept.Monthly.OfMonth(2), kept.Monthly.OfMonth(12), kept.AnnualTarget));
        Assert.Equal(2, after.BaselineOf(1).Activities.Count);
        var figures = (await department.GetSummaryAsync()).Figures;
        Assert.Equal((10m, 10m), (figures.Programmed.OfMonth(1), figures.Approved.OfMonth(1)));
        Assert.Equal((0m, 20m), (figures.Programmed.OfMonth(12), figures.Approved.OfMonth(12)));
    }

    [Fact]
    public async Task AMonthReopenedForLateReportsStaysClosedForTargets()
    {
        var (_, department, key) = await NewDepartmentAsync(JanuaryClosed());
        var (grain, _) = await CreateAsync(key, CleanAction(13));
        await ApproveAsync(department);
        Succeeded(await department.SetMonthReopenedAsync(1, reopened: true, new CommandContext(s_planner)));

        var lateReport = await grain.ExecuteAsync(new ReportProgress(1, new MonthProgress(1, 10, 500)), new CommandContext(s_editor));
        var januaryTarget = await grain.ExecuteAsync(new RequestModification(ModificationKind.Increase, "Más bacheo.", [new SetMonthlyTargets(1, [new MonthValue(1, 20)])]), new CommandContext(s_editor));
        var newInJanuary = await grain.ExecuteAsync(new RequestModification(ModificationKind.NewActivity, "Más bacheo.",
            [new AddActivity(CleanAction(13).Activities[0] with { Id = 0 })]), new CommandContext(s_editor));
        var cancelled = await grain.ExecuteAsync(new RequestModification(ModificationKind.Cancellation, "Sin recursos.", [new RemoveActivity(2)]), new CommandContext(s_editor));
        Succeeded(await grain.ExecuteAsync(new DecideModification(1, Authorize: true, null), new CommandContext(s_planner)));

        Succeeded(lateReport);
        Assert.Equal((ErrorCodes.MonthClosed, "targets"), (januaryTarget.Error!.Code, januaryTarget.Error.Field));
        Assert.Equal((ErrorCodes.MonthClosed, "targets"), (newInJanuary.Error!.Code, newInJanuary.Error.Field));
        Succeeded(cancelled);
        var after = (await grain.GetAsync())!;
        Assert.Equal(10, after.Action.Activities[0].Monthly.OfMonth(1));
        Assert.Equal((10m, 0m), (after.Action.Activities[1].Monthly.OfMonth(1), after.Action.Activities[1].Monthly.OfMonth(2)));
    }

    [Fact]
    public async Task ACalendarSetByAPlannerReachesTheDepartmentsActionsAtOnce()
    {
        var (poa, _, key) = await NewDepartmentAsync();
        var (grain, version) = await CreateAsync(key, CleanAction(6));
        Succeeded(await grain.ExecuteAsync(new ReportProgress(1, new MonthProgress(3, 10, 0)), new CommandContext(s_editor, version)));
        var calendar = (await Grains.GetGrain<IPoaGrain>(poa).GetSummaryAsync()).Calendar!;
        var cutOffs = calendar.CutOffs.ToArray();
        cutOffs[2] = new DateOnly(2021, 4, 10);

        var changed = await Grains.GetGrain<IPoaGrain>(poa).SetCalendarAsync(cutOffs, new DateOnly(2021, 1, 31), new CommandContext(s_planner, calendar.Version));
        var stale = await Grains.GetGrain<IPoaGrain>(poa).SetCalendarAsync(cutOffs, null, new CommandContext(s_otherPlanner, calendar.Version));
        var beforeItsMonth = await Grains.GetGrain<IPoaGrain>(poa).SetCalendarAsync([new DateOnly(2020, 12, 31), .. cutOffs.Skip(1)], null, new CommandContext(s_planner));
        var report = await grain.ExecuteAsync(new ReportProgress(1, new MonthProgress(3, 11, 0)), new CommandContext(s_editor, version));

        Succeeded(changed);
        Assert.Equal(ErrorCodes.Conflict, stale.Error?.Code);
        Assert.Equal((ErrorCodes.Validation, "cutOffs"), (beforeItsMonth.Error!.Code, beforeItsMonth.Error.Field));
        Assert.Equal(ErrorCodes.MonthClosed, report.Error?.Code);
        Assert.Equal(new DateOnly(2021, 1, 31), (await Grains.GetGrain<IPoaGrain>(poa).GetSummaryAsync()).Calendar!.SubmissionDeadline);
    }

    [Fact]
    public async Task ProgressFarFromItsTargetNeedsANote()
    {
        var (_, _, key) = await NewDepartmentAsync();
        var (grain, version) = await CreateAsync(key, CleanAction(8));

        var red = await grain.ExecuteAsync(new ReportProgress(1, new MonthProgress(4, 2, 0)), new CommandContext(s_editor, version));
        var explained = await grain.ExecuteAsync(new ReportProgress(1, new MonthProgress(4, 2, 0, "Lluvias: obra suspendida dos semanas.")), new CommandContext(s_editor, version));
        var onTarget = await grain.ExecuteAsync(new ReportProgress(2, new MonthProgress(4, 10, 0)), new CommandContext(s_editor, version));

        Assert.Equal((ErrorCodes.Validation, "note"), (red.Error!.Code, red.Error.Field));
        Succeeded(explained);
        Succeeded(onTarget);
    }

    [Fact]
    public async Task AHistoricPoaImportsAsApprovedAndAnApprovedOneIsNotImportedAgain()
    {
        var municipality = $"historico-{Guid.NewGuid():N}";
        var poa = PoaKeys.Poa(municipality, 2021);
        var document = new PoaDocument(2021, [new Department("Obras Públicas", [CleanAction(1), CleanAction(2)])], []);
        var importer = new PoaImporter(Grains);

        var first = await importer.ImportAsync(municipality, document, s_planner, approved: true);
        var again = await importer.ImportAsync(municipality, document, s_planner);

        Assert.Equal((2, 0), (first.ImportedActions, first.Failures.Count));
        var cycle = await CycleOf(Grains.GetGrain<IDepartmentGrain>(PoaKeys.Department(poa, "obras-publicas")));
        Assert.Equal((CycleStatus.Aprobado, 1, CycleTransition.ImportApproved), (cycle.Status, cycle.ApprovalNumber, cycle.Last!.Transition));
        Assert.Equal(0, again.ImportedActions);
        var refused = Assert.Single(again.Failures);
        Assert.Equal(ErrorCodes.Locked, refused.Error.Code);
        Assert.Contains("modification request", refused.Error.Message, StringComparison.Ordinal);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteCycleTests(SqliteClusterFixture cluster) : CycleTests<SqliteClusterFixture>(cluster);

[Collection(PostgresCluster.Name)]
public sealed class PostgresCycleTests(PostgresClusterFixture cluster) : CycleTests<PostgresClusterFixture>(cluster);
