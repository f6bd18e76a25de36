using GraphQL;
using System.Globalization;
using GraphQL.Types;
using PoaPlatform.Abstractions.Consolidation;

namespace PoaPlatform.Server.Consolidation;

/// <summary>A breakdown entry with the year it belongs to (for its compliance).</summary>
public sealed record BreakdownNode(int Year, BreakdownEntry Entry)
{
    public int Chapter => int.TryParse(Entry.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var chapter) ? chapter : 0;
}

/// <summary>The share of the figures of one axis (eje).</summary>
public sealed class BreakdownType : ObjectGraphType<BreakdownNode>
{
    public BreakdownType()
    {
        Name = "AxisBreakdown";
        Field<NonNullGraphType<StringGraphType>>("axis").Resolve(c => c.Source.Entry.Key);
        BreakdownFields.Add(this);
    }
}

/// <summary>The share of the figures of one CONAC chapter (capítulo).</summary>
public sealed class ChapterType : ObjectGraphType<BreakdownNode>
{
    public ChapterType()
    {
        Name = "ChapterBreakdown";
        Field<NonNullGraphType<IntGraphType>>("chapter").Description("1000, 2000, ... 9000; 0 for actions with no budget item.")
            .Resolve(c => c.Source.Chapter);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => Domain.Model.ConacChapters.NameOf(c.Source.Chapter));
        BreakdownFields.Add(this);
    }
}

/// <summary>The share of the figures of one funding source (fuente de financiamiento): the activities it funds.</summary>
public sealed class FundingSourceBreakdownType : ObjectGraphType<BreakdownNode>
{
    public FundingSourceBreakdownType()
    {
        Name = "FundingSourceBreakdown";
        Description = "The figures of the activities one funding source pays for: an activity has one source, so these add up to the totals.";
        Field<NonNullGraphType<StringGraphType>>("source").Description("The catalogue's key; sin-fuente for activities that name none.")
            .Resolve(c => c.Source.Entry.Key);
        Field<NonNullGraphType<StringGraphType>>("name")
            .Resolve(c => c.RequestServices!.GetRequiredService<Microsoft.Extensions.Options.IOptions<Budget.BudgetOptions>>().Value.NameOf(c.Source.Entry.Key));
        BreakdownFields.Add(this);
    }
}

/// <summary>A month argument checked like the others: 1 (ENE) to 12 (DIC).</summary>
internal static class Months
{
    public static int Checked(int month) => Domain.Model.Month.IsValid(month) ? month
        : throw GraphQL.PoaErrors.Of(Abstractions.Editing.ErrorCodes.Validation, "upToMonth is a month, 1 (ENE) to 12 (DIC).");
}

internal static class BreakdownFields
{
    public static void Add(ObjectGraphType<BreakdownNode> type)
    {
        type.Field<NonNullGraphType<IntGraphType>>("actions").Description("Actions that touch this key.").Resolve(c => c.Source.Entry.Actions);
        type.Field<NonNullGraphType<DecimalGraphType>>("investment")
            .Description("An action with several keys gives each an equal share, so the breakdown adds up to the total.")
            .Resolve(c => c.Source.Entry.Investment);
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthFiguresType>>>>("monthly")
            .Resolve(c => MonthFigures.Of(c.Source.Entry.Programmed, c.Source.Entry.Achieved, c.Source.Entry.Moment));
        type.Field<NonNullGraphType<Budget.BudgetMomentsType>>("moments")
            .Description("Pesos by moment of expenditure from ENE up to upToMonth (DIC when not given).")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => Budget.BudgetMoments.UpTo(c.Source.Entry.Moment, Months.Checked(c.GetArgument<int?>("upToMonth") ?? 12)));
        type.Field<NonNullGraphType<ComplianceType>>("compliance")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => c.RequestServices!.GetRequiredService<ComplianceCalculator>()
                .Of(c.Source.Year, c.GetArgument<int?>("upToMonth"), c.Source.Entry.Programmed, c.Source.Entry.Achieved));
    }
}
