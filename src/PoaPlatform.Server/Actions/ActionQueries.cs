using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.Departments;
using PoaPlatform.Server.GraphQL;
using PoaPlatform.Server.Poas;

namespace PoaPlatform.Server.Actions;

/// <summary>The action lists of a POA (across departments) and of a department: filtered, sorted, paged.</summary>
/// <remarks>The lists come from the department grains' views (one call per department, together); the action
/// fields those do not hold are read through <see cref="ActionLoader"/>, once per action.</remarks>
public static class ActionQueries
{
    public static void AddTo(ObjectGraphType<PoaNode> poa) =>
        Arguments(poa.Field<NonNullGraphType<ActionConnectionType>>("actions")
            .Description("Actions of every department (or of one), filtered by axis or CONAC chapter.")
            .Argument<StringGraphType>("department", a => a.Description = "A department slug."))
            .ResolveAsync(async context =>
            {
                var slug = context.GetArgument<string?>("department");
                var departments = context.Source.Summary.Departments
                    .Where(d => slug is null || d.Slug == Slugs.From(slug))
                    .Select(d => d.Key);
                var views = await context.RequestServices!.GetRequiredService<DepartmentViewLoader>().LoadAsync(departments);
                return Page(context, context.Source.Year, views.SelectMany(v => v.Actions));
            });

    public static void AddTo(ObjectGraphType<DepartmentNode> department)
    {
        Arguments(department.Field<NonNullGraphType<ActionConnectionType>>("actions"))
            .ResolveAsync(async context =>
            {
                var view = await context.RequestServices!.GetRequiredService<DepartmentViewLoader>().LoadAsync(context.Source.Key);
                return Page(context, context.Source.Year, view.Actions);
            });
        department.Field<ActionType>("action")
            .Description("One action by its number; null when the department has no such action.")
            .Argument<NonNullGraphType<IntGraphType>>("number")
            .ResolveAsync(async context =>
            {
                var view = await context.RequestServices!.GetRequiredService<DepartmentViewLoader>().LoadAsync(context.Source.Key);
                var number = context.GetArgument<int>("number");
                return view.Actions.FirstOrDefault(a => a.Number == number && !a.Deleted) is { } summary
                    ? new ActionNode(context.Source.Year, summary.Key, summary)
                    : null;
            });
    }

    private static FieldBuilder<TSource, object> Arguments<TSource>(FieldBuilder<TSource, object> field) => field
        .Argument<StringGraphType>("axis", a => a.Description = "Only actions of this axis (eje).")
        .Argument<IntGraphType>("chapter", a => a.Description = "Only actions with a budget item of this CONAC chapter (1000..9000).")
        .Argument<NonNullGraphType<ActionSortType>>("sort", a => a.DefaultValue = ActionSort.Number)
        .Argument<NonNullGraphType<BooleanGraphType>>("descending", a => a.DefaultValue = false)
        .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
        .Argument<StringGraphType>("after");

    private static Connection<ActionNode> Page(IResolveFieldContext context, int year, IEnumerable<ActionSummary> actions)
    {
        var axis = context.GetArgument<string?>("axis") is { } given ? Slugs.From(given) : null;
        var chapter = context.GetArgument<int?>("chapter");
        var calculator = context.RequestServices!.GetRequiredService<ComplianceCalculator>();
        var filtered = actions
            .Where(a => !a.Deleted)
            .Where(a => axis is null || a.Axes.Any(x => Slugs.From(x) == axis))
            .Where(a => chapter is null || a.Chapters.Contains(chapter.Value))
            .Select(a => new ActionNode(year, a.Key, a));
        var ordered = context.GetArgument<ActionSort>("sort") switch
        {
            ActionSort.Name => filtered.OrderBy(a => a.Summary!.Name, StringComparer.CurrentCulture),
            ActionSort.Investment => filtered.OrderBy(a => a.Summary!.Figures.Investment),
            ActionSort.Compliance => filtered.OrderBy(a =>
                calculator.Of(year, null, a.Summary!.Figures.Programmed, a.Summary.Figures.Achieved).Compliance.Ratio ?? -1),
            _ => filtered.OrderBy(a => 0),
        };
        var sorted = ordered.ThenBy(a => a.Department, StringComparer.Ordinal).ThenBy(a => a.Number).ToList();
        if (context.GetArgument<bool>("descending"))
            sorted.Reverse();
        return Paging.Page(sorted, a => a.Key, context.GetArgument<int?>("first"), context.GetArgument<string?>("after"));
    }
}

/// <summary>How a list of actions is ordered; ties go by department and number.</summary>
public enum ActionSort
{
    Number,
    Name,
    Investment,
    Compliance,
}

public sealed class ActionSortType : EnumerationGraphType<ActionSort>
{
    public ActionSortType() => Name = "ActionSort";
}

public sealed class ActionConnectionType() : ConnectionType<ActionType, ActionNode>("Action");
