using GraphQL;
using GraphQL.Types;
using PoaPlatform.Server.Actions;
using PoaPlatform.Server.Audit;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.Departments;

namespace PoaPlatform.Server.Poas;

public sealed class PoaType : ObjectGraphType<PoaNode>
{
    public PoaType()
    {
        Name = "Poa";
        Description = "A municipality's Programa Operativo Anual for a fiscal year: the consolidation of every department.";
        Field(c => c.Municipality);
        Field(c => c.Year);
        Field(c => c.Key);
        RollUpFields.AddTo(this, c => c.Year, c => c.Summary.Version, c => c.Summary.Figures, c => c.Summary.ByAxis, c => c.Summary.ByChapter, c => c.Summary.BySource ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FindingType>>>>("findings")
            .Resolve(c => c.Source.Summary.Departments.SelectMany(d => d.Findings));
        DepartmentQueries.AddTo(this);
        ActionQueries.AddTo(this);
        AuditQueries.AddTo(this);
        Cycle.CycleFields.AddTo(this);
        ForecastFields.AddTo(this);
        Field<NonNullGraphType<Reports.QuarterlyReportType>>("quarterlyReport")
            .Description("Informe trimestral de avance: one row per department for the quarter (1..4) and the year to its end.")
            .Argument<NonNullGraphType<IntGraphType>>("quarter")
            .ResolveAsync(async c => await Reports.QuarterlyReports.OfPoaAsync(c.RequestServices!, c.Source.Key, c.Source.Year,
                [.. c.Source.Summary.Departments.OrderBy(d => d.Name, StringComparer.CurrentCulture)], c.Source.Summary.Figures,
                Reports.QuarterlyReports.CheckedQuarter(c.GetArgument<int>("quarter")), c.CancellationToken));
    }
}
