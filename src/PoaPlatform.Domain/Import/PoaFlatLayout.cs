namespace PoaPlatform.Domain.Import;

/// <summary>
/// The flat layout: a header row, then one row per activity carrying its action's fields, ENE..DIC targets and, in the
/// workbook, the progress reported per month. The CSV export is its programming part; the reader takes either.
/// Headers are in Spanish: the people who open it in Excel read Spanish.
/// </summary>
public static class PoaFlatLayout
{
    public const string Year = "Año";
    public const string Department = "Secretaría";
    public const string ActionNumber = "Número de acción";
    public const string ActionName = "Acción";
    public const string Axes = "Ejes";
    public const string Goal = "Meta";
    public const string Objective = "Objetivo específico";
    public const string Strategy = "Estrategia";
    public const string Purpose = "Propósito";
    public const string Men = "Beneficiarios H";
    public const string Women = "Beneficiarios M";
    public const string ActionInvestment = "Inversión de la acción";
    public const string BudgetItems = "Partidas presupuestales";
    public const string ActivityId = "Número de actividad";
    public const string Activity = "Actividad";
    public const string ResponsibleArea = "Área responsable";
    public const string Unit = "Unidad de medida";
    public const string Indicator = "Indicador";
    public const string ActivityInvestment = "Inversión de la actividad";
    public const string AnnualTarget = "Programación anual";
    public const string AchievedPrefix = "Alcanzado";
    public const string ExercisedPrefix = "Ejercido";
    public const string NotePrefix = "Nota";

    /// <summary>The activity's funding source (a key of the deployment's catalogue).</summary>
    public const string FundingSource = "Fuente de financiamiento";

    /// <summary>The action's own indicator (its name); its sheet follows in <see cref="ActionSheetColumns"/>.</summary>
    public const string ActionIndicator = "Indicador de la acción";

    /// <summary>The fields of an indicator sheet beyond its name, as the activity's columns name them; the action's own
    /// sheet uses the same names followed by <see cref="ActionSuffix"/>.</summary>
    public static readonly IReadOnlyList<string> SheetColumns =
    [
        "Nivel MIR", "Definición del indicador", "Método de cálculo", "Numerador", "Denominador", "Unidad del indicador",
        "Frecuencia", "Tipo de indicador", "Dimensión", "Sentido", "Línea base", "Año de línea base", "Medios de verificación", "Supuestos",
    ];

    public const string ActionSuffix = " (acción)";

    /// <summary>The action's own indicator and its sheet: action columns (the same on every row of the action), after the rest.</summary>
    public static readonly IReadOnlyList<string> ActionSheetColumns = [ActionIndicator, .. SheetColumns.Select(c => c + ActionSuffix)];

    /// <summary>The activity's funding source and indicator sheet, after its months.</summary>
    public static readonly IReadOnlyList<string> ActivitySheetColumns = [FundingSource, .. SheetColumns];

    /// <summary>The moments of expenditure besides exercised, per month, in the workbook after the notes: presupuesto
    /// aprobado, modificado, comprometido, devengado, pagado.</summary>
    public static readonly IReadOnlyList<(BudgetMoment Moment, string Prefix)> MomentPrefixes =
    [
        (BudgetMoment.Approved, "Aprobado"), (BudgetMoment.Modified, "Modificado"), (BudgetMoment.Committed, "Comprometido"),
        (BudgetMoment.Accrued, "Devengado"), (BudgetMoment.Paid, "Pagado"),
    ];

    /// <summary>The action's columns, in order.</summary>
    public static readonly IReadOnlyList<string> ActionColumns =
        [Year, Department, ActionNumber, ActionName, Axes, Goal, Objective, Strategy, Purpose, Men, Women, ActionInvestment, BudgetItems];

    /// <summary>The activity's columns before its months, in order (without <see cref="ActivityId"/>, which only the workbook has).</summary>
    public static readonly IReadOnlyList<string> ActivityColumns = [Activity, ResponsibleArea, Unit, Indicator, ActivityInvestment, AnnualTarget];

    /// <summary>The CSV's header: the action's and activity's columns and ENE..DIC.</summary>
    public static readonly IReadOnlyList<string> ProgrammingHeader =
        [.. ActionColumns, .. ActivityColumns, .. MonthlyValues.MonthNames, .. ActivitySheetColumns, .. ActionSheetColumns];

    /// <summary>The flat workbook's header: the activity's number, then the programming, then ALCANZADO, EJERCIDO and NOTA per month.</summary>
    public static readonly IReadOnlyList<string> WorkbookHeader =
    [
        .. ActionColumns, ActivityId, .. ActivityColumns, .. MonthlyValues.MonthNames,
        .. MonthlyValues.MonthNames.Select(m => $"{AchievedPrefix} {m}"),
        .. MonthlyValues.MonthNames.Select(m => $"{ExercisedPrefix} {m}"),
        .. MonthlyValues.MonthNames.Select(m => $"{NotePrefix} {m}"),
        .. ActivitySheetColumns, .. ActionSheetColumns,
        .. MomentPrefixes.SelectMany(p => MonthlyValues.MonthNames.Select(m => $"{p.Prefix} {m}")),
    ];

    /// <summary>Columns that belong to the action: they repeat on each of its rows.</summary>
    public static readonly IReadOnlyList<string> AllActionColumns = [.. ActionColumns, .. ActionSheetColumns];

    /// <summary>A sheet's fields as the flat layout writes them, in <see cref="SheetColumns"/>' order: text, or a
    /// decimal for the baseline's value and year (null when not given).</summary>
    public static IReadOnlyList<object?> SheetValues(IndicatorSheet? sheet)
    {
        sheet ??= IndicatorSheet.Empty;
        return
        [
            IndicatorTexts.Of(sheet.Level), sheet.Definition, sheet.Method, sheet.Numerator, sheet.Denominator, sheet.Unit,
            IndicatorTexts.Of(sheet.Frequency), IndicatorTexts.Of(sheet.Type), IndicatorTexts.Of(sheet.Dimension), IndicatorTexts.Of(sheet.Direction),
            sheet.BaselineValue, sheet.BaselineYear is { } year ? (decimal)year : null, sheet.MeansOfVerification, sheet.Assumptions,
        ];
    }
}
