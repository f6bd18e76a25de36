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

public sealed class ActivityInput
{
    public string Description { get; set; } = "";

    public string ResponsibleArea { get; set; } = "";

    public string Unit { get; set; } = "";

    public string Indicator { get; set; } = "";

    public decimal Investment { get; set; }

    public IReadOnlyList<decimal>? MonthlyTargets { get; set; }
}

public sealed class CreateActionInput : ActionTargetInput
{
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

public sealed class AddActivityInput : VersionedInput
{
    public ActivityInput Activity { get; set; } = new();
}

public sealed class UpdateActivityInput : VersionedInput
{
    public int ActivityId { get; set; }

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

    public decimal Spent { get; set; }

    public string? Note { get; set; }
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
        Description = "Avance of one activity in one month: quantity achieved, pesos spent, a note.";
        InputFields.Target(this);
        Field(a => a.ActivityId);
        Field(a => a.Month).Description("1 (ENE) to 12 (DIC).");
        Field(a => a.Achieved);
        Field(a => a.Spent).DefaultValue(0m);
        Field(a => a.Note, nullable: true);
    }
}
