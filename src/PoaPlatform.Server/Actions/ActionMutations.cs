using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Departments;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Actions;

/// <summary>One mutation per action-grain command. Each checks the token, calls the grain once, and maps the answer.</summary>
public static class ActionMutations
{
    public static void AddTo(ObjectGraphType mutation)
    {
        Command<CreateActionInput, CreateActionInputType>(mutation, "createAction", "Creates an action with its activities.",
            manage: true, (grain, input, editor) => grain.CreateAsync(
                new ActionFields(input.Number, Required(input.Name, "name"), input.Axes ?? [], input.Goal, input.Objective, input.Strategy,
                    input.Purpose, People(input.Beneficiaries) ?? Beneficiaries.None, input.Investment, BudgetItems(input.BudgetItems) ?? []),
                (input.Activities ?? []).Select(ToActivity).ToList(), editor));
        Command<UpdateActionInput, UpdateActionInputType>(mutation, "updateAction", "Changes the fields given of an action.",
            manage: false, (grain, input, editor) => grain.UpdateAsync(
                new ActionFieldsUpdate(input.Name, input.Axes, input.Goal, input.Objective, input.Strategy, input.Purpose,
                    People(input.Beneficiaries), input.Investment, BudgetItems(input.BudgetItems)),
                input.ExpectedVersion, editor));
        Command<DeleteActionInput, DeleteActionInputType>(mutation, "deleteAction", "Deletes an action.",
            manage: true, (grain, input, editor) => grain.DeleteAsync(input.ExpectedVersion, editor));
        Command<AddActivityInput, AddActivityInputType>(mutation, "addActivity", "Adds an activity; the payload names its id.",
            manage: false, (grain, input, editor) => grain.AddActivityAsync(ToActivity(input.Activity), input.ExpectedVersion, editor));
        Command<UpdateActivityInput, UpdateActivityInputType>(mutation, "updateActivity", "Changes the fields given of an activity.",
            manage: false, (grain, input, editor) => grain.UpdateActivityAsync(input.ActivityId,
                new ActivityUpdate(input.Description, input.ResponsibleArea, input.Unit, input.Indicator, input.Investment),
                input.ExpectedVersion, editor));
        Command<RemoveActivityInput, RemoveActivityInputType>(mutation, "removeActivity", "Removes an activity with its progress.",
            manage: false, (grain, input, editor) => grain.RemoveActivityAsync(input.ActivityId, input.ExpectedVersion, editor));
        Command<SetMonthlyTargetsInput, SetMonthlyTargetsInputType>(mutation, "setMonthlyTargets", "Sets the targets of some months of an activity.",
            manage: false, (grain, input, editor) => grain.SetMonthlyTargetsAsync(input.ActivityId,
                input.Targets.Select(t => new MonthValue(t.Month, t.Value)).ToList(), input.ExpectedVersion, editor));
        Command<ReportProgressInput, ReportProgressInputType>(mutation, "reportProgress", "Reports the progress of one activity in one month.",
            manage: false, (grain, input, editor) => grain.ReportProgressAsync(input.ActivityId,
                new ProgressReport(input.Month, input.Achieved, input.Spent, input.Note), input.ExpectedVersion, editor));
    }

    private static void Command<TInput, TInputType>(ObjectGraphType mutation, string name, string description, bool manage,
        Func<IActionGrain, TInput, Editor, Task<CommandResult>> command)
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
                var authorization = services.GetRequiredService<PoaAuthorization>();
                var editor = manage
                    ? authorization.EnsureCanManageActions(context.User, input.DepartmentSlug)
                    : authorization.EnsureCanEdit(context.User, input.DepartmentSlug);
                if (string.IsNullOrEmpty(input.DepartmentSlug) || input.Number <= 0 || input.Year is < 1900 or > 9999)
                    throw PoaErrors.Of(ErrorCodes.Validation, "Name the action by year, department and a positive number.");

                var grain = services.GetRequiredService<IGrainFactory>().GetGrain<IActionGrain>(input.ActionKey);
                var result = await command(grain, input, editor);
                if (!result.Succeeded)
                    throw PoaErrors.From(result.Error ?? new CommandError(PoaErrors.Internal, "The command failed."));

                services.GetRequiredService<DepartmentViewLoader>().Forget(input.DepartmentKey);
                // The action is read back only for a client that selects it: most editors need just the new version.
                if (context.SubFields?.Values.Any(f => f.Field.Name.StringValue == "action") != true)
                    return new ActionPayload(result.Version, result.ActivityId, null);
                var snapshot = await grain.GetAsync();
                if (snapshot is not null)
                    services.GetRequiredService<ActionLoader>().Prime(snapshot);
                return new ActionPayload(result.Version, result.ActivityId,
                    snapshot is null ? null : new ActionNode(input.Year, input.ActionKey, null));
            });
    }

    private static Activity ToActivity(ActivityInput input)
    {
        var monthly = input.MonthlyTargets switch
        {
            null => MonthlyValues.Zero,
            { Count: 12 } targets => new MonthlyValues(targets),
            _ => throw PoaErrors.Of(ErrorCodes.Validation, "monthlyTargets has twelve values, ENE..DIC."),
        };
        return new Activity(0, Required(input.Description, "description"), input.ResponsibleArea, input.Unit, input.Indicator,
            input.Investment, monthly.Total, monthly);
    }

    private static Beneficiaries? People(PeopleInput? input) =>
        input is null ? null
        : input.Men < 0 || input.Women < 0 ? throw PoaErrors.Of(ErrorCodes.Validation, "Beneficiaries cannot be negative.")
        : new Beneficiaries(input.Men, input.Women);

    private static List<BudgetItem>? BudgetItems(IReadOnlyList<string>? codes) => codes?.Select(c => new BudgetItem(c.Trim())).ToList();

    private static string Required(string value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw PoaErrors.Of(ErrorCodes.Validation, $"{field} cannot be empty.") : value;
}
