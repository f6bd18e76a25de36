using GraphQL;
using GraphQL.Types;
using PoaPlatform.Server.Actions;
using PoaPlatform.Server.Audit;
using PoaPlatform.Server.Departments;

namespace PoaPlatform.Server.Consolidation;

public sealed class CityType : ObjectGraphType<CityNode>
{
    public CityType()
    {
        Name = "City";
        Description = "A municipality's POA for a year: the consolidation of every department.";
        Field(c => c.Municipality);
        Field(c => c.Year);
        Field(c => c.Key);
        Field<NonNullGraphType<LongGraphType>>("version").Resolve(c => c.Source.Summary.Version);
        Field<NonNullGraphType<FiguresType>>("totals").Resolve(c => c.Source.Summary.Figures);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthFiguresType>>>>("monthly")
            .Resolve(c => MonthFigures.Of(c.Source.Summary.Figures));
        Field<NonNullGraphType<ComplianceType>>("compliance")
            .Description("Up to upToMonth: by default this month for the current year, December otherwise.")
            .Argument<IntGraphType>("upToMonth")
            .Resolve(c => c.RequestServices!.GetRequiredService<ComplianceCalculator>()
                .Of(c.Source.Year, c.GetArgument<int?>("upToMonth"), c.Source.Summary.Figures.Programmed, c.Source.Summary.Figures.Achieved));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BreakdownType>>>>("byAxis")
            .Resolve(c => c.Source.Summary.ByAxis.Where(e => !e.IsEmpty).Select(e => new BreakdownNode(c.Source.Year, e)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChapterType>>>>("byChapter")
            .Resolve(c => c.Source.Summary.ByChapter.Where(e => !e.IsEmpty).Select(e => new BreakdownNode(c.Source.Year, e)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FindingType>>>>("findings")
            .Resolve(c => c.Source.Summary.Departments.SelectMany(d => d.Findings));
        DepartmentQueries.AddTo(this);
        ActionQueries.AddTo(this);
        AuditQueries.AddTo(this);
    }
}
