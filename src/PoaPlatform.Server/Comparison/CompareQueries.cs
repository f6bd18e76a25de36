using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Consolidation;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.Departments;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Comparison;

/// <summary>Where a department or an action exists when two years are compared.</summary>
public enum Presence
{
    /// <summary>In both years (departments matched by slug, actions by number within their department).</summary>
    Both,

    /// <summary>Only in <c>year</c>: new.</summary>
    OnlyInYear,

    /// <summary>Only in <c>with</c>: gone.</summary>
    OnlyInWith,
}

/// <summary>Comparación anual: a municipality's POA of one year against another's, compliance of both measured up to the same month.</summary>
public sealed record YearComparisonNode(string Municipality, int Year, int With, int UpToMonth, PoaSummary Current, PoaSummary Previous)
{
    public FiguresComparisonNode Totals => new(this, Current.Figures, Previous.Figures);

    /// <summary>Every department of either year, by name, then slug.</summary>
    public IReadOnlyList<DepartmentComparisonNode> Departments()
    {
        var current = Current.Departments.ToDictionary(d => d.Slug, StringComparer.Ordinal);
        var previous = Previous.Departments.ToDictionary(d => d.Slug, StringComparer.Ordinal);
        return current.Keys.Union(previous.Keys, StringComparer.Ordinal)
            .Select(slug => new DepartmentComparisonNode(this, slug, current.GetValueOrDefault(slug), previous.GetValueOrDefault(slug)))
            .OrderBy(d => d.Name, StringComparer.CurrentCulture).ThenBy(d => d.Slug, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>One department in the two years; a side is null where it does not exist.</summary>
public sealed record DepartmentComparisonNode(YearComparisonNode Comparison, string Slug, DepartmentSummary? Current, DepartmentSummary? Previous)
{
    public string Name => (Current ?? Previous)!.Name;

    public Presence Presence => Current is null ? Presence.OnlyInWith : Previous is null ? Presence.OnlyInYear : Presence.Both;

    public FiguresComparisonNode Totals => new(Comparison, Current?.Figures, Previous?.Figures);
}

/// <summary>One action (by number) of a department in the two years.</summary>
public sealed record ActionComparisonNode(YearComparisonNode Comparison, int Number, ActionSummary? Current, ActionSummary? Previous)
{
    public string Name => (Current ?? Previous)!.Name;

    public Presence Presence => Current is null ? Presence.OnlyInWith : Previous is null ? Presence.OnlyInYear : Presence.Both;

    public FiguresComparisonNode Totals => new(Comparison, Current?.Figures, Previous?.Figures);
}

/// <summary>Figures of the two years (zero on a side that does not exist).</summary>
public sealed record FiguresComparisonNode(YearComparisonNode Comparison, Figures? Current, Figures? Previous)
{
    public Figures Year => Current ?? Figures.Zero;

    public Figures With => Previous ?? Figures.Zero;
}

/// <summary>A value in <c>year</c> and in <c>with</c>: difference = year − with; change = difference / with (null when with is 0).</summary>
public sealed record ComparedFigure(decimal Year, decimal With)
{
    public decimal Difference => Year - With;

    public decimal? Change => With == 0 ? null : Difference / With;
}

/// <summary><c>compare(municipality, year, with, upToMonth)</c> at the query root.</summary>
public static class CompareQueries
{
    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<YearComparisonType>>("compare")
            .Description("Comparación anual: a municipality's POA of `year` against `with` (usually the year before): totals, " +
                         "departments matched by slug, actions by number within a department, and what exists in one year only.")
            .Argument<NonNullGraphType<StringGraphType>>("municipality", a => a.DefaultValue = "zacatecas")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<IntGraphType>>("with", a => a.Description = "The year compared with.")
            .Argument<IntGraphType>("upToMonth", a => a.Description =
                "Compliance of both years is measured up to this month: by default this month when `year` is the current one, December otherwise.")
            .ResolveAsync(async context =>
            {
                var services = context.RequestServices!;
                var given = context.GetArgument<string>("municipality");
                var year = context.GetArgument<int>("year");
                var with = context.GetArgument<int>("with");
                if ((PoaRules.Municipality(given) ?? PoaRules.Year(year) ?? PoaRules.Year(with)) is { } violation)
                    throw PoaErrors.Of(ErrorCodes.Validation, violation.Message, violation.Field);
                var municipality = Slugs.From(given);
                var authorization = services.GetRequiredService<PoaAuthorization>();
                authorization.EnsureCanRead(context.User, municipality, year);
                authorization.EnsureCanRead(context.User, municipality, with);
                var month = context.GetArgument<int?>("upToMonth") ?? services.GetRequiredService<ComplianceCalculator>().DefaultMonth(year);
                if (!Domain.Model.Month.IsValid(month))
                    throw PoaErrors.Of(ErrorCodes.Validation, "upToMonth is a month, 1 (ENE) to 12 (DIC).", "upToMonth");
                var grains = services.GetRequiredService<IGrainFactory>();
                var summaries = await Task.WhenAll(
                    grains.Grain<IPoaGrain>(PoaKeys.Poa(municipality, year)).GetSummaryAsync(),
                    grains.Grain<IPoaGrain>(PoaKeys.Poa(municipality, with)).GetSummaryAsync());
                return new YearComparisonNode(municipality, year, with, month, summaries[0], summaries[1]);
            });

    /// <summary>The actions of a department in both years, matched by number, in number order.</summary>
    internal static async Task<IReadOnlyList<ActionComparisonNode>> ActionsAsync(IResolveFieldContext<DepartmentComparisonNode> context)
    {
        var node = context.Source;
        var loader = context.RequestServices!.GetRequiredService<DepartmentViewLoader>();
        async Task<IReadOnlyList<ActionSummary>> Of(DepartmentSummary? summary) =>
            summary is null ? [] : (await loader.LoadAsync(summary.Key)).Actions.Where(a => !a.Deleted).ToList();
        var current = (await Of(node.Current)).ToDictionary(a => a.Number);
        var previous = (await Of(node.Previous)).ToDictionary(a => a.Number);
        return current.Keys.Union(previous.Keys).Order()
            .Select(n => new ActionComparisonNode(node.Comparison, n, current.GetValueOrDefault(n), previous.GetValueOrDefault(n)))
            .ToList();
    }
}
