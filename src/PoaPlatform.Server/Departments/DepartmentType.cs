using GraphQL;
using GraphQL.Types;
using PoaPlatform.Server.Actions;
using PoaPlatform.Server.Audit;
using PoaPlatform.Server.Consolidation;

namespace PoaPlatform.Server.Departments;

public sealed class DepartmentType : ObjectGraphType<DepartmentNode>
{
    public DepartmentType()
    {
        Name = "Department";
        Description = "A Secretaría (or Despacho, Dirección): the office that owns a section of the POA.";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Summary.Name);
        Field(d => d.Slug);
        Field(d => d.Key);
        Field<NonNullGraphType<LongGraphType>>("version").Resolve(c => c.Source.Summary.Version);
        Field<NonNullGraphType<FiguresType>>("totals").Resolve(c => c.Source.Summary.Figures);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthFiguresType>>>>("monthly")
            .Resolve(c => MonthFigures.Of(c.Source.Summary.Figures));
        Field<NonNullGraphType<ComplianceType>>("compliance")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => c.RequestServices!.GetRequiredService<ComplianceCalculator>()
                .Of(c.Source.Year, c.GetArgument<int?>("upToMonth"), c.Source.Summary.Figures.Programmed, c.Source.Summary.Figures.Achieved));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BreakdownType>>>>("byAxis")
            .Resolve(c => c.Source.Summary.ByAxis.Where(e => !e.IsEmpty).Select(e => new BreakdownNode(c.Source.Year, e)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChapterType>>>>("byChapter")
            .Resolve(c => c.Source.Summary.ByChapter.Where(e => !e.IsEmpty).Select(e => new BreakdownNode(c.Source.Year, e)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FindingType>>>>("findings").Resolve(c => c.Source.Summary.Findings);
        ActionQueries.AddTo(this);
        AuditQueries.AddTo(this);
    }
}

/// <summary>How a list of departments is ordered.</summary>
public enum DepartmentSort
{
    Name,
    Investment,
    Compliance,
    Actions,
}

public sealed class DepartmentSortType : EnumerationGraphType<DepartmentSort>
{
    public DepartmentSortType() => Name = "DepartmentSort";
}

public sealed class DepartmentConnectionType() : GraphQL.ConnectionType<DepartmentType, DepartmentNode>("Department");
