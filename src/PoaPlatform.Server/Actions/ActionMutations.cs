using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Departments;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Actions;

/// <summary>One mutation per action command. Each checks who may run it, turns its input into the command, runs it on
/// the action grain once, and maps the answer; the rules and the effect live in the domain and the grain.</summary>
public static class ActionMutations
{
    public static void AddTo(ObjectGraphType mutation)
    {
        Command<CreateActionInput, CreateActionInputType>(mutation, "createAction", "Creates an action with its activities.", manage: true,
            input => new CreateAction(new PoaAction(input.Number, input.Name, input.Axes ?? [], input.Goal, input.Objective, input.Strategy,
                input.Purpose, People(input.Beneficiaries) ?? Beneficiaries.None, input.Investment, BudgetItems(input.BudgetItems) ?? [],
                [.. (input.Activities ?? []).Select((a, i) => ToActivity(a, $"activities[{i}]."))], input.Indicator, input.IndicatorSheet?.ToSheet())));
        Command<UpdateActionInput, UpdateActionInputType>(mutation, "updateAction", "Changes the fields given of an action.", manage: false,
            input => new UpdateAction(new ActionUpdate(input.Name, input.Axes, input.Goal, input.Objective, input.Strategy, input.Purpose,
                People(input.Beneficiaries), input.Investment, BudgetItems(input.BudgetItems), input.Indicator, input.IndicatorSheet?.ToSheet())));
        Command<DeleteActionInput, DeleteActionInputType>(mutation, "deleteAction", "Deletes an action.", manage: true,
            _ => new DeleteAction());
        Command<AddActivityInput, AddActivityInputType>(mutation, "addActivity", "Adds an activity; the payload names its id.", manage: false,
            input => new AddActivity(ToActivity(input.Activity, "activity.")));
        Command<UpdateActivityInput, UpdateActivityInputType>(mutation, "updateActivity", "Changes the fields given of an activity.", manage: false,
            input => new UpdateActivity(input.ActivityId,
                new ActivityUpdate(input.Description, input.ResponsibleArea, input.Unit, input.Indicator, input.Investment,
                    input.IndicatorSheet?.ToSheet(), input.FundingSource)));
        Command<RemoveActivityInput, RemoveActivityInputType>(mutation, "removeActivity", "Removes an activity with its progress.", manage: false,
            input => new RemoveActivity(input.ActivityId));
        Command<SetMonthlyTargetsInput, SetMonthlyTargetsInputType>(mutation, "setMonthlyTargets", "Sets the targets of some months of an activity.", manage: false,
            input => new SetMonthlyTargets(input.ActivityId, [.. input.Targets.Select(t => new MonthValue(t.Month, t.Value))]));
        Command<ReportProgressInput, ReportProgressInputType>(mutation, "reportProgress", "Reports the progress of one activity in one month.", manage: false,
            input => new ReportProgress(input.ActivityId, input.ToProgress()));
    }

    /// <param name="manage">Creating and deleting actions (planners may); otherwise editing inside one.</param>
    private static void Command<TInput, TInputType>(ObjectGraphType mutation, string name, string description, bool manage,
        Func<TInput, ActionCommand> command)
        where TInput : ActionTargetInput
        where TInputType : InputObjectGraphType<TInput> =>
        Command<TInput, TInputType>(mutation, name, description, (authorization, user, input) => manage
            ? authorization.EnsureCanManageActions(user, input.MunicipalitySlug, input.Year, input.DepartmentSlug)
            : authorization.EnsureCanEdit(user, input.MunicipalitySlug, input.Year, input.DepartmentSlug), command);

    /// <summary>A mutation that runs one command on one action grain: who may (<paramref name="authorize"/>), what
    /// (<paramref name="command"/>), and the action's payload.</summary>
    internal static void Command<TInput, TInputType>(ObjectGraphType mutation, string name, string description,
        Func<PoaAuthorization, System.Security.Claims.ClaimsPrincipal?, TInput, Editor> authorize, Func<TInput, ActionCommand> command)
        where TInput : ActionTargetInput
        where TInputType : InputObjectGraphType<TInput>
    {
        mutation.Field<ActionPayloadType>(name)
            .Description(description)
            .Argument<NonNullGraphType<TInputType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<TInput>("input");
                var services = context.RequestServices!;
                input.Check();
                (input as IFundingSourceInput)?.ResolveFundingSources(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Budget.BudgetOptions>>().Value);
                var editor = authorize(services.GetRequiredService<PoaAuthorization>(), context.User, input);

                var grain = services.GetRequiredService<IGrainFactory>().Grain<IActionGrain>(input.ActionKey);
                var result = await grain.ExecuteAsync(command(input),
                    new CommandContext(editor, (input as VersionedInput)?.ExpectedVersion, input.ClientMutationId));
                if (!result.Succeeded)
                    throw PoaErrors.From(result.Error ?? new CommandError(PoaErrors.Internal, "The command failed."));

                services.GetRequiredService<DepartmentViewLoader>().Forget(input.DepartmentKey);
                // The action is read back only for a client that selects it: most editors need just the new version.
                if (context.SubFields?.Values.Any(f => f.Field.Name.StringValue == "action") != true)
                    return new ActionPayload(result.Version, result.ActivityId, input.ClientMutationId, null);
                var snapshot = await grain.GetAsync();
                if (snapshot is not null)
                    services.GetRequiredService<ActionLoader>().Prime(snapshot);
                return new ActionPayload(result.Version, result.ActivityId, input.ClientMutationId,
                    snapshot is null ? null : new ActionNode(input.Year, input.ActionKey, null));
            });
    }

    /// <summary>The activity an input describes; its annual target is the sum of its months, taken once the months
    /// are known to be quantities (a sum of values beyond them might not fit a decimal).</summary>
    internal static Activity ToActivity(ActivityInput input, string prefix)
    {
        if (PoaRules.MonthlyTargets(input.MonthlyTargets, prefix + "monthlyTargets") is { } violation)
            throw PoaErrors.Of(ErrorCodes.Validation, violation.Message, violation.Field);
        var monthly = input.MonthlyTargets is null ? MonthlyValues.Zero : new MonthlyValues(input.MonthlyTargets);
        return new Activity(0, input.Description, input.ResponsibleArea, input.Unit, input.Indicator, input.Investment, monthly.Total, monthly,
            input.IndicatorSheet?.ToSheet(), string.IsNullOrEmpty(input.FundingSource) ? null : input.FundingSource);
    }

    private static Beneficiaries? People(PeopleInput? input) => input is null ? null : new Beneficiaries(input.Men, input.Women);

    private static List<BudgetItem>? BudgetItems(IReadOnlyList<string>? codes) => codes?.Select(c => new BudgetItem(c.Trim())).ToList();
}
