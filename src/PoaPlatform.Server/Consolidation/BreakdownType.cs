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

internal static class BreakdownFields
{
    public static void Add(ObjectGraphType<BreakdownNode> type)
    {
        type.Field<NonNullGraphType<IntGraphType>>("actions").Description("Actions that touch this key.").Resolve(c => c.Source.Entry.Actions);
        type.Field<NonNullGraphType<DecimalGraphType>>("investment")
            .Description("An action with several keys gives each an equal share, so the breakdown adds up to the total.")
            .Resolve(c => c.Source.Entry.Investment);
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthFiguresType>>>>("monthly")
            .Resolve(c => MonthFigures.Of(c.Source.Entry.Programmed, c.Source.Entry.Achieved, c.Source.Entry.Spent));
        type.Field<NonNullGraphType<ComplianceType>>("compliance")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => c.RequestServices!.GetRequiredService<ComplianceCalculator>()
                .Of(c.Source.Year, c.GetArgument<int?>("upToMonth"), c.Source.Entry.Programmed, c.Source.Entry.Achieved));
    }
}
