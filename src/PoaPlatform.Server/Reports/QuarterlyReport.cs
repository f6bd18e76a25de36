using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Consolidation;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Server.Budget;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.Departments;

namespace PoaPlatform.Server.Reports;

/// <summary>
/// The informe trimestral de avance: for a quarter, per department (the city's) or per action (a department's), the
/// quarter's programmed and achieved quantities and the cumulative ones to the quarter's end, compliance with its light,
/// spending by moment to the quarter's end, the justifications of deviations (the notes of the quarter's reports) and
/// the evidence attached in the quarter.
/// </summary>
public sealed record QuarterlyReport(int Year, int Quarter, IReadOnlyList<QuarterlyRow> Rows, QuarterlyRow Total)
{
    public int FromMonth => 3 * Quarter - 2;

    public int ToMonth => 3 * Quarter;

    /// <summary>The sum of the quarter's three months.</summary>
    public decimal InQuarter(MonthlyValues values) => Enumerable.Range(FromMonth, 3).Sum(values.OfMonth);

    /// <summary>The sum from ENE to the quarter's end.</summary>
    public decimal ToDate(MonthlyValues values) => values.CumulativeTo(ToMonth);
}

/// <summary>One row: a department of the city, or an action of a department (<see cref="Number"/>), or the total.</summary>
public sealed record QuarterlyRow(string Key, string Name, int? Number, Figures Figures, IReadOnlyList<string> Justifications, int Evidence);

internal static class QuarterlyReports
{
    public static int CheckedQuarter(int quarter) => quarter is >= 1 and <= 4 ? quarter
        : throw GraphQL.PoaErrors.Of(Abstractions.Editing.ErrorCodes.Validation, "quarter is 1 (ENE–MAR) to 4 (OCT–DIC).", "quarter");

    /// <summary>The city's report: one row per department.</summary>
    public static async Task<QuarterlyReport> OfPoaAsync(IServiceProvider services, string poaKey, int year, IReadOnlyList<DepartmentSummary> departments, Figures total, int quarter, CancellationToken ct)
    {
        var evidence = await services.GetRequiredService<Persistence.EvidenceRegistry>().CountByActionAsync(poaKey, null, 3 * quarter - 2, 3 * quarter, ct);
        int EvidenceOf(string departmentKey) => evidence.Where(e => PoaKeys.Parent(e.Key) == departmentKey).Sum(e => e.Value);
        var rows = departments.Select(d => new QuarterlyRow(d.Key, d.Name, null, d.Figures, [], EvidenceOf(d.Key))).ToList();
        return new QuarterlyReport(year, quarter, rows, new QuarterlyRow(poaKey, "Total", null, total, [], evidence.Values.Sum()));
    }

    /// <summary>A department's report: one row per action, with the notes its activities reported in the quarter.</summary>
    public static async Task<QuarterlyReport> OfDepartmentAsync(IServiceProvider services, DepartmentNode department, int quarter, CancellationToken ct)
    {
        var (from, to) = (3 * quarter - 2, 3 * quarter);
        var view = await services.GetRequiredService<DepartmentViewLoader>().LoadAsync(department.Key);
        var grains = services.GetRequiredService<IGrainFactory>();
        var actions = view.Actions.Where(a => !a.Deleted).OrderBy(a => a.Number).ToList();
        var snapshots = await Task.WhenAll(actions.Select(a => grains.Grain<IActionGrain>(a.Key).GetAsync()));
        var evidence = await services.GetRequiredService<Persistence.EvidenceRegistry>()
            .CountByActionAsync(PoaKeys.Parent(department.Key), department.Key, from, to, ct);
        var rows = actions.Select((a, i) => new QuarterlyRow(a.Key, a.Name, a.Number, a.Figures, Justifications(snapshots[i], from, to),
            evidence.GetValueOrDefault(a.Key))).ToList();
        return new QuarterlyReport(department.Year, quarter, rows,
            new QuarterlyRow(department.Key, "Total", null, department.Summary.Figures, [], evidence.Values.Sum()));
    }

    public static Domain.Consolidation.Compliance QuarterCompliance(QuarterlyReport report, QuarterlyRow row, Domain.Consolidation.TrafficLightThresholds thresholds) =>
        Domain.Consolidation.Compliance.Of(report.InQuarter(row.Figures.Programmed), report.InQuarter(row.Figures.Achieved), thresholds);

    public static Domain.Consolidation.Compliance ToDateCompliance(QuarterlyReport report, QuarterlyRow row, Domain.Consolidation.TrafficLightThresholds thresholds) =>
        Domain.Consolidation.Compliance.Of(report.ToDate(row.Figures.Programmed), report.ToDate(row.Figures.Achieved), thresholds);

    /// <summary>"ABR, actividad 2: …" for each note of the quarter's months.</summary>
    private static List<string> Justifications(ActionSnapshot? snapshot, int from, int to) => snapshot is null ? [] :
        [.. snapshot.Progress.SelectMany(p => p.Months.Where(m => m.Month >= from && m.Month <= to && !string.IsNullOrWhiteSpace(m.Note))
            .Select(m => (p.ActivityId, m.Month, Note: m.Note!.Trim())))
            .OrderBy(n => n.Month).ThenBy(n => n.ActivityId)
            .Select(n => $"{Month.Name(n.Month)}, actividad {n.ActivityId}: {n.Note}")];
}

public sealed class QuarterlyReportType : ObjectGraphType<QuarterlyReport>
{
    public QuarterlyReportType()
    {
        Name = "QuarterlyReport";
        Description = "Informe trimestral de avance: the quarter and the year to its end, per department (city) or per action (department).";
        Field(r => r.Year);
        Field(r => r.Quarter);
        Field(r => r.FromMonth);
        Field(r => r.ToMonth);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<QuarterlyRowType>>>>("rows").Resolve(c => c.Source.Rows.Select(r => (c.Source, r)).ToList());
        Field<NonNullGraphType<QuarterlyRowType>>("total").Resolve(c => (c.Source, c.Source.Total));
    }
}

public sealed class QuarterlyRowType : ObjectGraphType<(QuarterlyReport Report, QuarterlyRow Row)>
{
    public QuarterlyRowType()
    {
        Name = "QuarterlyRow";
        Field<NonNullGraphType<StringGraphType>>("key").Resolve(c => c.Source.Row.Key);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Row.Name);
        Field<IntGraphType>("number").Description("The action's number, in a department's report.").Resolve(c => c.Source.Row.Number);
        Field<NonNullGraphType<DecimalGraphType>>("investment").Resolve(c => c.Source.Row.Figures.Investment);
        Field<NonNullGraphType<DecimalGraphType>>("programmedQuarter").Resolve(c => c.Source.Report.InQuarter(c.Source.Row.Figures.Programmed));
        Field<NonNullGraphType<DecimalGraphType>>("achievedQuarter").Resolve(c => c.Source.Report.InQuarter(c.Source.Row.Figures.Achieved));
        Field<NonNullGraphType<DecimalGraphType>>("programmedToDate").Resolve(c => c.Source.Report.ToDate(c.Source.Row.Figures.Programmed));
        Field<NonNullGraphType<DecimalGraphType>>("achievedToDate").Resolve(c => c.Source.Report.ToDate(c.Source.Row.Figures.Achieved));
        Field<NonNullGraphType<ComplianceType>>("quarterCompliance").Description("Of the quarter's three months alone.")
            .Resolve(c => new MonthCompliance(c.Source.Report.ToMonth, QuarterlyReports.QuarterCompliance(c.Source.Report, c.Source.Row, Thresholds(c))));
        Field<NonNullGraphType<ComplianceType>>("compliance").Description("Cumulative, ENE to the quarter's end.")
            .Resolve(c => new MonthCompliance(c.Source.Report.ToMonth, QuarterlyReports.ToDateCompliance(c.Source.Report, c.Source.Row, Thresholds(c))));
        Field<NonNullGraphType<BudgetMomentsType>>("moments").Description("Pesos by moment, ENE to the quarter's end.")
            .Resolve(c => BudgetMoments.UpTo(c.Source.Row.Figures.Moment, c.Source.Report.ToMonth));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("justifications")
            .Description("The notes reported in the quarter's months (the explanations of deviations), in an action's row.")
            .Resolve(c => c.Source.Row.Justifications);
        Field<NonNullGraphType<IntGraphType>>("evidence").Description("Evidence items attached to the quarter's months.").Resolve(c => c.Source.Row.Evidence);
    }

    private static Domain.Consolidation.TrafficLightThresholds Thresholds(IResolveFieldContext c) =>
        c.RequestServices!.GetRequiredService<Domain.Consolidation.TrafficLightThresholds>();
}

/// <summary>The quarterly report as a workbook: one row per department or action, then the total; the same figures
/// GraphQL's <c>quarterlyReport</c> answers.</summary>
internal static class QuarterlyReportXlsx
{
    public const string Format = "informe-trimestral";

    /// <summary><c>/export/{municipality}/{year}[/{department}]?format=informe-trimestral&amp;periodo=Q</c>.</summary>
    public static async Task HandleAsync(HttpContext context, string municipality, int year, string? department, int? number, int quarter)
    {
        var services = context.RequestServices;
        var grains = services.GetRequiredService<IGrainFactory>();
        var poaKey = PoaKeys.Poa(municipality, year);
        QuarterlyReport? report = null;
        if (number is null && department is null)
        {
            var summary = await grains.GetGrain<Abstractions.Poas.IPoaGrain>(poaKey).GetSummaryAsync();
            if (summary.Departments.Count > 0)
            {
                report = await QuarterlyReports.OfPoaAsync(services, poaKey, year, [.. summary.Departments.OrderBy(d => d.Name, StringComparer.CurrentCulture)],
                    summary.Figures, quarter, context.RequestAborted);
            }
        }
        else if (number is null)
        {
            var summary = await grains.Grain<IDepartmentGrain>(PoaKeys.Department(poaKey, Slugs.From(department!))).GetSummaryAsync();
            if (summary.Figures.Actions > 0)
                report = await QuarterlyReports.OfDepartmentAsync(services, new DepartmentNode(year, summary), quarter, context.RequestAborted);
        }
        if (report is null)
        {
            await Import.ImportUploadEndpoint.RefuseAsync(context, StatusCodes.Status404NotFound, "NOT_FOUND", number is null
                ? $"There is nothing to report for {department ?? municipality} in {year}."
                : "The quarterly report is of the city or of a department, not of one action.");
            return;
        }
        using var buffer = new MemoryStream();
        Write(buffer, report, services.GetRequiredService<Domain.Consolidation.TrafficLightThresholds>());
        var response = context.Response;
        response.ContentType = Export.ExportEndpoint.XlsxType;
        response.Headers.ContentDisposition = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"attachment; filename=\"informe-{year}-t{quarter}-{Slugs.From(department ?? municipality)}.xlsx\"");
        await Export.ExportEndpoint.SendAsync(context, buffer);
    }

    public static readonly IReadOnlyList<string> Header =
    [
        "Número", "Nombre", "Inversión", "Programado en el trimestre", "Alcanzado en el trimestre", "Cumplimiento del trimestre",
        "Programado acumulado", "Alcanzado acumulado", "Cumplimiento acumulado", "Semáforo",
        "Aprobado", "Modificado", "Comprometido", "Devengado", "Ejercido", "Pagado", "Evidencias", "Justificaciones",
    ];

    private static readonly Dictionary<Domain.Consolidation.TrafficLight, string> s_lights = new()
    {
        [Domain.Consolidation.TrafficLight.Green] = "Verde", [Domain.Consolidation.TrafficLight.Yellow] = "Amarillo",
        [Domain.Consolidation.TrafficLight.Red] = "Rojo", [Domain.Consolidation.TrafficLight.None] = "Sin programación",
    };

    public static void Write(Stream stream, QuarterlyReport report, Domain.Consolidation.TrafficLightThresholds thresholds) =>
        Domain.Export.PoaXlsx.WriteTable(stream, $"Informe T{report.Quarter}", Header,
            report.Rows.Append(report.Total).Select(row => Cells(report, row, thresholds)));

    private static IReadOnlyList<object> Cells(QuarterlyReport report, QuarterlyRow row, Domain.Consolidation.TrafficLightThresholds thresholds)
    {
        var f = row.Figures;
        var quarter = QuarterlyReports.QuarterCompliance(report, row, thresholds);
        var toDate = QuarterlyReports.ToDateCompliance(report, row, thresholds);
        var moments = BudgetMoments.UpTo(f.Moment, report.ToMonth);
        return
        [
            row.Number is { } n ? (decimal)n : "", row.Name, f.Investment, quarter.Programmed, quarter.Achieved, (object?)quarter.Ratio ?? "",
            toDate.Programmed, toDate.Achieved, (object?)toDate.Ratio ?? "", s_lights[toDate.Light],
            moments.Approved, moments.Modified, moments.Committed, moments.Accrued, moments.Exercised, moments.Paid, (decimal)row.Evidence,
            string.Join("\n", row.Justifications),
        ];
    }
}
