using GraphQL;
using GraphQL.Types;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.GraphQL;
using PoaPlatform.Server.Poas;

namespace PoaPlatform.Server.Departments;

/// <summary>The department fields of a POA: a page of departments, or one by its slug.</summary>
public static class DepartmentQueries
{
    public static void AddTo(ObjectGraphType<PoaNode> poa)
    {
        poa.Field<NonNullGraphType<DepartmentConnectionType>>("departments")
            .Argument<StringGraphType>("filter", a => a.Description = "Part of the name; accents and case do not matter.")
            .Argument<NonNullGraphType<DepartmentSortType>>("sort", a => a.DefaultValue = DepartmentSort.Name)
            .Argument<NonNullGraphType<BooleanGraphType>>("descending", a => a.DefaultValue = false)
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .Resolve(context =>
            {
                var calculator = context.RequestServices!.GetRequiredService<ComplianceCalculator>();
                var year = context.Source.Year;
                var filter = Slugs.From(context.GetArgument<string?>("filter") ?? "");
                var departments = context.Source.Summary.Departments
                    .Where(d => filter.Length == 0 || d.Slug.Contains(filter, StringComparison.Ordinal))
                    .Select(d => new DepartmentNode(year, d));
                var sorted = Sort(departments, context.GetArgument<DepartmentSort>("sort"), context.GetArgument<bool>("descending"),
                    d => calculator.Of(year, null, d.Summary.Figures.Programmed, d.Summary.Figures.Achieved).Compliance.Ratio ?? -1);
                return Paging.Page(sorted, d => d.Slug, context.GetArgument<int?>("first"), context.GetArgument<string?>("after"));
            });
        poa.Field<DepartmentType>("department")
            .Description("One department by its slug; null when the POA has no such department.")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .Resolve(context =>
            {
                var slug = Slugs.From(context.GetArgument<string>("slug"));
                var summary = context.Source.Summary.Departments.FirstOrDefault(d => d.Slug == slug);
                return summary is null ? null : new DepartmentNode(context.Source.Year, summary);
            });
    }

    private static List<DepartmentNode> Sort(IEnumerable<DepartmentNode> departments, DepartmentSort sort, bool descending, Func<DepartmentNode, decimal> ratio)
    {
        var ordered = sort switch
        {
            DepartmentSort.Investment => departments.OrderBy(d => d.Summary.Figures.Investment),
            DepartmentSort.Compliance => departments.OrderBy(ratio),
            DepartmentSort.Actions => departments.OrderBy(d => d.Summary.Figures.Actions),
            _ => departments.OrderBy(d => d.Summary.Name, StringComparer.CurrentCulture),
        };
        var list = ordered.ThenBy(d => d.Slug, StringComparer.Ordinal).ToList();
        if (descending)
            list.Reverse();
        return list;
    }
}
