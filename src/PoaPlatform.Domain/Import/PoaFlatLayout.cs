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
    public const string SpentPrefix = "Ejercido";
    public const string NotePrefix = "Nota";

    /// <summary>The action's columns, in order.</summary>
    public static readonly IReadOnlyList<string> ActionColumns =
        [Year, Department, ActionNumber, ActionName, Axes, Goal, Objective, Strategy, Purpose, Men, Women, ActionInvestment, BudgetItems];

    /// <summary>The activity's columns before its months, in order (without <see cref="ActivityId"/>, which only the workbook has).</summary>
    public static readonly IReadOnlyList<string> ActivityColumns = [Activity, ResponsibleArea, Unit, Indicator, ActivityInvestment, AnnualTarget];

    /// <summary>The CSV's header: the action's and activity's columns and ENE..DIC.</summary>
    public static readonly IReadOnlyList<string> ProgrammingHeader = [.. ActionColumns, .. ActivityColumns, .. MonthlyValues.MonthNames];

    /// <summary>The flat workbook's header: the activity's number, then the programming, then ALCANZADO, EJERCIDO and NOTA per month.</summary>
    public static readonly IReadOnlyList<string> WorkbookHeader =
    [
        .. ActionColumns, ActivityId, .. ActivityColumns, .. MonthlyValues.MonthNames,
        .. MonthlyValues.MonthNames.Select(m => $"{AchievedPrefix} {m}"),
        .. MonthlyValues.MonthNames.Select(m => $"{SpentPrefix} {m}"),
        .. MonthlyValues.MonthNames.Select(m => $"{NotePrefix} {m}"),
    ];
}
