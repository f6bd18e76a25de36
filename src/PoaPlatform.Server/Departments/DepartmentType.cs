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
        RollUpFields.AddTo(this, d => d.Year, d => d.Summary.Version, d => d.Summary.Figures, d => d.Summary.ByAxis, d => d.Summary.ByChapter, d => d.Summary.BySource ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FindingType>>>>("findings").Resolve(c => c.Source.Summary.Findings);
        ActionQueries.AddTo(this);
        AuditQueries.AddTo(this);
        Cycle.CycleFields.AddTo(this);
        ForecastFields.AddTo(this);
        Field<NonNullGraphType<Reports.QuarterlyReportType>>("quarterlyReport")
            .Description("Informe trimestral de avance: one row per action for the quarter (1..4) and the year to its end, with the notes reported in the quarter.")
            .Argument<NonNullGraphType<IntGraphType>>("quarter")
            .ResolveAsync(async c => await Reports.QuarterlyReports.OfDepartmentAsync(c.RequestServices!, c.Source,
                Reports.QuarterlyReports.CheckedQuarter(c.GetArgument<int>("quarter")), c.CancellationToken));
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
