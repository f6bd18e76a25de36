using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Actions;

/// <summary>Which action a command is for: municipality, year, department slug and number.</summary>
public abstract class ActionTargetInput
{
    public string Municipality { get; set; } = "zacatecas";

    public int Year { get; set; }

    public string Department { get; set; } = "";

    public int Number { get; set; }

    /// <summary>Chosen by the client: sending the same command again with it returns the first answer.</summary>
    public string? ClientMutationId { get; set; }

    public string DepartmentSlug => Slugs.From(Department);

    public string MunicipalitySlug => Slugs.From(Municipality);

    /// <summary>A VALIDATION error unless the input names an action that can exist.</summary>
    public void Check()
    {
        var violation = PoaRules.Year(Year) ?? PoaRules.ActionNumber(Number)
            ?? PoaRules.DepartmentReference(Department) ?? PoaRules.Municipality(Municipality);
        if (violation is null && ClientMutationId is { Length: > CommandContext.MaxClientMutationIdLength })
            violation = new RuleViolation("clientMutationId", $"clientMutationId has {ClientMutationId.Length} characters; keep it to {CommandContext.MaxClientMutationIdLength}.");
        if (violation is not null)
            throw PoaErrors.Of(ErrorCodes.Validation, violation.Message, violation.Field);
    }

    public string PoaKey => PoaKeys.Poa(Municipality, Year);

    public string DepartmentKey => PoaKeys.Department(PoaKey, DepartmentSlug);

    public string ActionKey => PoaKeys.Action(DepartmentKey, Number);
}

/// <summary>A command on an existing action carries the version its editor saw.</summary>
public abstract class VersionedInput : ActionTargetInput
{
    public long ExpectedVersion { get; set; }
}

public sealed class PeopleInput
{
    public int Men { get; set; }

    public int Women { get; set; }
}

public sealed class MonthValueInput
{
    public int Month { get; set; }

    public decimal Value { get; set; }
}

/// <summary>An input that names funding sources: each is turned into its catalogue key (a key or a name is accepted),
/// or refused naming the catalogue's keys.</summary>
public interface IFundingSourceInput
{
    void ResolveFundingSources(Budget.BudgetOptions budget);
}

internal static class FundingSources
{
    /// <summary>The catalogue's key for a key or a name; "" stays "" (no source); null stays null (unchanged).</summary>
    public static string? Resolve(Budget.BudgetOptions budget, string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
            return text is null ? null : "";
        return budget.Find(text)?.Key ?? throw PoaErrors.Of(ErrorCodes.Validation,
            $"{field} \"{text}\" is not in the catalogue of funding sources; use one of: {string.Join(", ", budget.Catalogue.Select(s => s.Key))}.", field);
    }
}

public sealed class ActivityInput
{
    public string? FundingSource { get; set; }

    public IndicatorSheetInput? IndicatorSheet { get; set; }

    public string Description { get; set; } = "";

    public string ResponsibleArea { get; set; } = "";

    public string Unit { get; set; } = "";

    public string Indicator { get; set; } = "";

    public decimal Investment { get; set; }

    public IReadOnlyList<decimal>? MonthlyTargets { get; set; }
}

public sealed class CreateActionInput : ActionTargetInput, IFundingSourceInput
{
    public string Indicator { get; set; } = "";

    public IndicatorSheetInput? IndicatorSheet { get; set; }

    public void ResolveFundingSources(Budget.BudgetOptions budget)
    {
        foreach (var (activity, i) in (Activities ?? []).Select((a, i) => (a, i)))
            activity.FundingSource = FundingSources.Resolve(budget, activity.FundingSource, $"activities[{i}].fundingSource");
    }

    public string Name { get; set; } = "";

    public IReadOnlyList<string>? Axes { get; set; }

    public string Goal { get; set; } = "";

    public string Objective { get; set; } = "";

    public string Strategy { get; set; } = "";

    public string Purpose { get; set; } = "";

    public PeopleInput? Beneficiaries { get; set; }

    public decimal Investment { get; set; }

    public IReadOnlyList<string>? BudgetItems { get; set; }

    public IReadOnlyList<ActivityInput>? Activities { get; set; }
}

public sealed class UpdateActionInput : VersionedInput
{
    public string? Indicator { get; set; }

    public IndicatorSheetInput? IndicatorSheet { get; set; }

    public string? Name { get; set; }

    public IReadOnlyList<string>? Axes { get; set; }

    public string? Goal { get; set; }

    public string? Objective { get; set; }

    public string? Strategy { get; set; }

    public string? Purpose { get; set; }

    public PeopleInput? Beneficiaries { get; set; }

    public decimal? Investment { get; set; }

    public IReadOnlyList<string>? BudgetItems { get; set; }
}

public sealed class DeleteActionInput : VersionedInput;

public sealed class AddActivityInput : VersionedInput, IFundingSourceInput
{
    public ActivityInput Activity { get; set; } = new();

    public void ResolveFundingSources(Budget.BudgetOptions budget) =>
        Activity.FundingSource = FundingSources.Resolve(budget, Activity.FundingSource, "activity.fundingSource");
}

public sealed class UpdateActivityInput : VersionedInput, IFundingSourceInput
{
    public int ActivityId { get; set; }

    public string? FundingSource { get; set; }

    public IndicatorSheetInput? IndicatorSheet { get; set; }

    public void ResolveFundingSources(Budget.BudgetOptions budget) =>
        FundingSource = FundingSources.Resolve(budget, FundingSource, "fundingSource");

    public string? Description { get; set; }

    public string? ResponsibleArea { get; set; }

    public string? Unit { get; set; }

    public string? Indicator { get; set; }

    public decimal? Investment { get; set; }
}

public sealed class RemoveActivityInput : VersionedInput
{
    public int ActivityId { get; set; }
}

public sealed class SetMonthlyTargetsInput : VersionedInput
{
    public int ActivityId { get; set; }

    public IReadOnlyList<MonthValueInput> Targets { get; set; } = [];
}

public sealed class ReportProgressInput : VersionedInput
{
    public int ActivityId { get; set; }

    public int Month { get; set; }

    public decimal Achieved { get; set; }

    public decimal? Exercised { get; set; }

    /// <summary>The old name of <see cref="Exercised"/>, still accepted.</summary>
    public decimal? Spent { get; set; }

    public decimal Approved { get; set; }

    public decimal Modified { get; set; }

    public decimal Committed { get; set; }

    public decimal Accrued { get; set; }

    public decimal Paid { get; set; }

    public string? Note { get; set; }

    /// <summary>The month's progress; exercised and its old name spent are one amount, so giving both differently is an error.</summary>
    public MonthProgress ToProgress()
    {
        if (Exercised is { } exercised && Spent is { } spent && exercised != spent)
            throw PoaErrors.Of(ErrorCodes.Validation, $"exercised ({exercised}) and spent ({spent}) are the same amount (spent is its old name): give one.", "exercised");
        return new MonthProgress(Month, Achieved, Exercised ?? Spent ?? 0, Note, Approved, Modified, Committed, Accrued, Paid);
    }
}

internal static class InputFields
{
    public static void Target<T>(InputObjectGraphType<T> type, bool versioned = true)
        where T : ActionTargetInput
    {
        type.Field(i => i.Municipality).DefaultValue("zacatecas");
        type.Field(i => i.Year);
        type.Field(i => i.Department).Description("The department's slug (or its name).");
        type.Field(i => i.Number).Description("The action's number within its department.");
        type.Field(i => i.ClientMutationId, nullable: true)
            .Description("Any id of the client's: the same command sent again with it returns the first answer instead of running twice.");
        if (versioned)
        {
            type.Field<NonNullGraphType<LongGraphType>>("expectedVersion")
                .Description("The action version the editor saw: the command conflicts only if a path it changes changed since; one whose change is there already succeeds.");
        }
    }
}

public sealed class PeopleInputType : InputObjectGraphType<PeopleInput>
{
    public PeopleInputType()
    {
        Name = "PeopleInput";
        Field(p => p.Men);
        Field(p => p.Women);
    }
}

public sealed class MonthValueInputType : InputObjectGraphType<MonthValueInput>
{
    public MonthValueInputType()
    {
        Name = "MonthValueInput";
        Field(m => m.Month).Description("1 (ENE) to 12 (DIC).");
        Field(m => m.Value);
    }
}

public sealed class ActivityInputType : InputObjectGraphType<ActivityInput>
{
    public ActivityInputType()
    {
        Name = "ActivityInput";
        Field(a => a.Description);
        Field(a => a.ResponsibleArea).DefaultValue("");
        Field(a => a.Unit).DefaultValue("");
        Field(a => a.Indicator).DefaultValue("");
        Field(a => a.Investment).DefaultValue(0m);
        Field<ListGraphType<NonNullGraphType<DecimalGraphType>>>("monthlyTargets")
            .Description("Twelve targets ENE..DIC (zeros when omitted); the annual target is their sum.");
        Field(a => a.FundingSource, nullable: true).Description("A key (or name) of the catalogue of funding sources.");
        Field<IndicatorSheetInputType>("indicatorSheet");
    }
}

public sealed class CreateActionInputType : InputObjectGraphType<CreateActionInput>
{
    public CreateActionInputType()
    {
        Name = "CreateActionInput";
        InputFields.Target(this, versioned: false);
        Field(a => a.Name);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("axes");
        Field(a => a.Goal).DefaultValue("");
        Field(a => a.Objective).DefaultValue("");
        Field(a => a.Strategy).DefaultValue("");
        Field(a => a.Purpose).DefaultValue("");
        Field<PeopleInputType>("beneficiaries");
        Field(a => a.Investment).DefaultValue(0m);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("budgetItems").Description("CONAC codes, e.g. 3821.");
        Field<ListGraphType<NonNullGraphType<ActivityInputType>>>("activities");
        Field(a => a.Indicator).DefaultValue("").Description("The name of the action's own indicator.");
        Field<IndicatorSheetInputType>("indicatorSheet");
    }
}

public sealed class UpdateActionInputType : InputObjectGraphType<UpdateActionInput>
{
    public UpdateActionInputType()
    {
        Name = "UpdateActionInput";
        Description = "Only the fields given change.";
        InputFields.Target(this);
        Field(a => a.Name, nullable: true);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("axes");
        Field(a => a.Goal, nullable: true);
        Field(a => a.Objective, nullable: true);
        Field(a => a.Strategy, nullable: true);
        Field(a => a.Purpose, nullable: true);
        Field<PeopleInputType>("beneficiaries");
        Field(a => a.Investment, nullable: true);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("budgetItems");
        Field(a => a.Indicator, nullable: true).Description("The name of the action's own indicator.");
        Field<IndicatorSheetInputType>("indicatorSheet").Description("Replaces the action's indicator sheet as a whole.");
    }
}

public sealed class DeleteActionInputType : InputObjectGraphType<DeleteActionInput>
{
    public DeleteActionInputType()
    {
        Name = "DeleteActionInput";
        InputFields.Target(this);
    }
}

public sealed class AddActivityInputType : InputObjectGraphType<AddActivityInput>
{
    public AddActivityInputType()
    {
        Name = "AddActivityInput";
        InputFields.Target(this);
        Field<NonNullGraphType<ActivityInputType>>("activity");
    }
}

public sealed class UpdateActivityInputType : InputObjectGraphType<UpdateActivityInput>
{
    public UpdateActivityInputType()
    {
        Name = "UpdateActivityInput";
        Description = "Only the fields given change.";
        InputFields.Target(this);
        Field(a => a.ActivityId);
        Field(a => a.Description, nullable: true);
        Field(a => a.ResponsibleArea, nullable: true);
        Field(a => a.Unit, nullable: true);
        Field(a => a.Indicator, nullable: true);
        Field(a => a.Investment, nullable: true);
        Field(a => a.FundingSource, nullable: true).Description("A key (or name) of the catalogue of funding sources; \"\" clears it.");
        Field<IndicatorSheetInputType>("indicatorSheet").Description("Replaces the activity's indicator sheet as a whole.");
    }
}

public sealed class RemoveActivityInputType : InputObjectGraphType<RemoveActivityInput>
{
    public RemoveActivityInputType()
    {
        Name = "RemoveActivityInput";
        InputFields.Target(this);
        Field(a => a.ActivityId);
    }
}

public sealed class SetMonthlyTargetsInputType : InputObjectGraphType<SetMonthlyTargetsInput>
{
    public SetMonthlyTargetsInputType()
    {
        Name = "SetMonthlyTargetsInput";
        Description = "Sets the targets of the months given; the others stay, and the annual target follows.";
        InputFields.Target(this);
        Field(a => a.ActivityId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthValueInputType>>>>("targets");
    }
}

public sealed class ReportProgressInputType : InputObjectGraphType<ReportProgressInput>
{
    public ReportProgressInputType()
    {
        Name = "ReportProgressInput";
        Description = "Avance of one activity in one month: quantity achieved, pesos of each moment of expenditure, a note. A report replaces the month's: a moment not given is 0.";
        InputFields.Target(this);
        Field(a => a.ActivityId);
        Field(a => a.Month).Description("1 (ENE) to 12 (DIC).");
        Field(a => a.Achieved);
        Field(a => a.Exercised, nullable: true).Description("Pesos exercised (ejercido).");
        Field(a => a.Spent, nullable: true).DeprecationReason("Use exercised: the same amount, by its CONAC name.");
        Field(a => a.Approved).DefaultValue(0m).Description("Pesos of the approved budget (aprobado) for the month.");
        Field(a => a.Modified).DefaultValue(0m).Description("Pesos of the modified budget (modificado); differing from approved needs an authorised modification request.");
        Field(a => a.Committed).DefaultValue(0m).Description("Pesos committed (comprometido).");
        Field(a => a.Accrued).DefaultValue(0m).Description("Pesos accrued (devengado).");
        Field(a => a.Paid).DefaultValue(0m).Description("Pesos paid (pagado).");
        Field(a => a.Note, nullable: true);
    }
}
