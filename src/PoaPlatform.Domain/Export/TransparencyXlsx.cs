using System.Globalization;
using PoaPlatform.Domain.Findings;

namespace PoaPlatform.Domain.Export;

/// <summary>The three formats of the Ley General de Transparencia, art. 70, a municipality publishes each quarter.</summary>
public enum TransparencyFraction
{
    /// <summary>Fr. IV, objetivos y metas institucionales: one row per action.</summary>
    ObjectivesAndTargets,

    /// <summary>Fr. V, indicadores de interés público: one row per indicator that is not a result indicator.</summary>
    PublicInterestIndicators,

    /// <summary>Fr. VI, indicadores de resultados: one row per indicator of MIR level Fin or Propósito, or of type estratégico.</summary>
    ResultIndicators,
}

/// <summary>An action's programming as its department's last approval left it, and the day of that approval.</summary>
public sealed record ApprovedProgramming(string Department, int ActionNumber, PoaAction Action, DateOnly ApprovedOn);

/// <summary>
/// Writes the transparency formats (art. 70 fr. IV, V, VI) of a quarter: the columns municipalities publish, one sheet
/// ("Reporte de Formatos"), dates as date cells, figures as numbers. Which column comes from which field, and what stays
/// empty until an indicator sheet is filled, is in docs/transparency.md.
/// </summary>
public static class TransparencyXlsx
{
    public const string SheetName = "Reporte de Formatos";

    public static readonly IReadOnlyList<string> Header =
    [
        "Ejercicio",
        "Fecha de inicio del periodo que se informa",
        "Fecha de término del periodo que se informa",
        "Objetivo institucional",
        "Nombre del indicador",
        "Dimensión(es) a medir",
        "Definición del indicador",
        "Método de cálculo",
        "Unidad de medida",
        "Frecuencia de medición",
        "Línea base",
        "Metas programadas",
        "Metas ajustadas, en su caso",
        "Avance de metas",
        "Sentido del indicador",
        "Fuente de información",
        "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualiza(n) la información",
        "Fecha de validación",
        "Fecha de actualización",
        "Nota",
    ];

    /// <summary>Whether an indicator goes to fr. VI (results): MIR level Fin or Propósito, or type estratégico.
    /// Every other indicator, and one whose sheet says neither, goes to fr. V.</summary>
    public static bool IsResultIndicator(IndicatorSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        return sheet.Level is MirLevel.Fin or MirLevel.Proposito || sheet.Type == IndicatorType.Estrategico;
    }

    /// <summary>The first and last day of a quarter (1..4) of a year.</summary>
    public static (DateOnly Start, DateOnly End) Period(int year, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var start = new DateOnly(year, quarter * 3 - 2, 1);
        return (start, start.AddMonths(3).AddDays(-1));
    }

    public static void Write(Stream stream, TransparencyFraction fraction, PoaDocument document, IReadOnlyList<ReportedProgress> progress,
        IReadOnlyList<ApprovedProgramming> approved, int quarter, DateOnly today) =>
        PoaXlsx.WriteTable(stream, SheetName, Header, Rows(fraction, document, progress, approved, quarter, today));

    /// <summary>The rows of a format, in the document's order (department, action, then the action's own indicator before
    /// its activities'). A cell is a <see cref="decimal"/>, a <see cref="DateOnly"/> or text ("" = empty).</summary>
    public static IReadOnlyList<IReadOnlyList<object>> Rows(TransparencyFraction fraction, PoaDocument document, IReadOnlyList<ReportedProgress> progress,
        IReadOnlyList<ApprovedProgramming> approved, int quarter, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(approved);
        var (start, end) = Period(document.Year, quarter);
        var lastMonth = quarter * 3;
        var achieved = progress.Where(p => p.Month <= lastMonth)
            .GroupBy(p => (p.Department, p.ActionNumber, p.ActivityId))
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Achieved));
        var approvals = approved.ToDictionary(a => (a.Department, a.ActionNumber));
        var rows = new List<IReadOnlyList<object>>();
        foreach (var department in document.Departments)
        {
            foreach (var action in department.Actions)
            {
                var approval = approvals.GetValueOrDefault((department.Name, action.Number));
                var context = new RowContext(document.Year, start, end, approval?.ApprovedOn ?? today, today, approval is not null);
                decimal Achieved(int activityId) => achieved.GetValueOrDefault((department.Name, action.Number, activityId));
                var actionAchieved = achieved.Where(a => a.Key.Department == department.Name && a.Key.ActionNumber == action.Number).Sum(a => a.Value);
                var actionApproved = (approval?.Action ?? action).Activities.Sum(a => a.AnnualTarget);
                var actionModified = action.Activities.Sum(a => a.AnnualTarget);
                var actionRow = new IndicatorRow(action, action.Indicator, action.Sheet, "", department.Name, actionApproved, actionModified, actionAchieved,
                    "Metas: suma de las metas anuales de las actividades de la acción.");
                if (fraction == TransparencyFraction.ObjectivesAndTargets)
                {
                    rows.Add(Cells(context, actionRow with { Note = actionRow.Note + (action.Indicator.Length == 0 ? " La acción no tiene indicador propio." : "") }));
                    continue;
                }
                var indicators = new List<IndicatorRow>();
                if (action.Indicator.Length > 0)
                    indicators.Add(actionRow);
                foreach (var activity in action.Activities.Where(a => a.Indicator.Length > 0))
                {
                    var before = approval?.Action.Activities.FirstOrDefault(a => a.Id == activity.Id);
                    object programmed = approval is null ? activity.AnnualTarget : before is null ? "" : (object)before.AnnualTarget;
                    var note = approval is not null && before is null ? "Actividad agregada después de la aprobación: no tiene meta aprobada." : "";
                    indicators.Add(new IndicatorRow(action, activity.Indicator, activity.Sheet, activity.Unit,
                        activity.ResponsibleArea.Length > 0 ? activity.ResponsibleArea : department.Name, programmed, activity.AnnualTarget, Achieved(activity.Id), note));
                }
                var results = fraction == TransparencyFraction.ResultIndicators;
                rows.AddRange(indicators.Where(i => IsResultIndicator(i.Sheet) == results).Select(i => Cells(context, i)));
            }
        }
        return rows;
    }

    private sealed record RowContext(int Year, DateOnly Start, DateOnly End, DateOnly Validated, DateOnly Updated, bool Approved);

    private sealed record IndicatorRow(PoaAction Action, string Name, IndicatorSheet Sheet, string FallbackUnit, string Area,
        object Programmed, decimal Modified, decimal Achieved, string Note);

    private static List<object> Cells(RowContext context, IndicatorRow row)
    {
        var sheet = row.Sheet;
        var notes = new List<string>();
        if (row.Note.Length > 0)
            notes.Add(row.Note);
        if (row.Name.Length > 0 && sheet.Missing() is { Count: > 0 } missing)
            notes.Add($"Ficha técnica incompleta: falta {FindingMessages.Fields(missing, es: true)}.");
        if (sheet.BaselineYear is { } baselineYear && sheet.BaselineValue is not null)
            notes.Add($"Línea base del año {baselineYear.ToString(CultureInfo.InvariantCulture)}.");
        if (!context.Approved)
            notes.Add("POA sin aprobar: las metas programadas son las de la programación vigente y la fecha de validación es la de esta descarga.");
        var objective = row.Action.Objective.Length > 0 ? row.Action.Objective : row.Action.Goal;
        return
        [
            (decimal)context.Year, context.Start, context.End, objective, row.Name,
            IndicatorTexts.Of(sheet.Dimension), sheet.Definition, sheet.Method,
            sheet.Unit.Length > 0 ? sheet.Unit : row.FallbackUnit, IndicatorTexts.Of(sheet.Frequency),
            sheet.BaselineValue is { } baseline ? baseline : "",
            row.Programmed, row.Modified, row.Achieved,
            IndicatorTexts.Of(sheet.Direction), sheet.MeansOfVerification, row.Area,
            context.Validated, context.Updated, string.Join(" ", notes),
        ];
    }
}
