using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions.Consolidation;

namespace PoaPlatform.Server.Consolidation;

/// <summary>The fields every roll-up shows, the city's and a department's alike: version, totals, the twelve months,
/// compliance and the breakdowns by axis and CONAC chapter.</summary>
internal static class RollUpFields
{
    public static void AddTo<TSource>(ObjectGraphType<TSource> type, Func<TSource, int> yearOf, Func<TSource, long> versionOf,
        Func<TSource, Figures> figuresOf, Func<TSource, IEnumerable<BreakdownEntry>> byAxisOf, Func<TSource, IEnumerable<BreakdownEntry>> byChapterOf,
        Func<TSource, IEnumerable<BreakdownEntry>> bySourceOf)
    {
        type.Field<NonNullGraphType<LongGraphType>>("version").Resolve(c => versionOf(c.Source));
        type.Field<NonNullGraphType<FiguresType>>("totals").Resolve(c => figuresOf(c.Source));
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthFiguresType>>>>("monthly")
            .Resolve(c => MonthFigures.Of(figuresOf(c.Source)));
        type.Field<NonNullGraphType<ComplianceType>>("compliance")
            .Description("Up to upToMonth: by default this month for the current year, December otherwise.")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => c.RequestServices!.GetRequiredService<ComplianceCalculator>()
                .Of(yearOf(c.Source), c.GetArgument<int?>("upToMonth"), figuresOf(c.Source).Programmed, figuresOf(c.Source).Achieved));
        type.Field<NonNullGraphType<ComplianceType>>("approvedCompliance")
            .Description("Compliance against the targets as approved (the baseline) instead of as modified; upToMonth as in compliance.")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => c.RequestServices!.GetRequiredService<ComplianceCalculator>()
                .Of(yearOf(c.Source), c.GetArgument<int?>("upToMonth"), figuresOf(c.Source).Approved, figuresOf(c.Source).Achieved));
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<BreakdownType>>>>("byAxis")
            .Resolve(c => byAxisOf(c.Source).Where(e => !e.IsEmpty).Select(e => new BreakdownNode(yearOf(c.Source), e)));
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChapterType>>>>("byChapter")
            .Resolve(c => byChapterOf(c.Source).Where(e => !e.IsEmpty).Select(e => new BreakdownNode(yearOf(c.Source), e)));
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<FundingSourceBreakdownType>>>>("bySource")
            .Description("By funding source, activity by activity.")
            .Resolve(c => bySourceOf(c.Source).Where(e => !e.IsEmpty).Select(e => new BreakdownNode(yearOf(c.Source), e)));
    }
}
