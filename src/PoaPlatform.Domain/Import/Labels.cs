namespace PoaPlatform.Domain.Import;

/// <summary>
/// The labels of the seed layout, written folded: upper case, no accents, no dots or colons, single spaces.
/// Cells are compared folded too, so "Número de acción", "NUMERO DE ACCION" and "No. de acción:" variants all match.
/// </summary>
internal static class Labels
{
    public const string Heading = "PROGRAMA OPERATIVO ANUAL";
    public const string Department = "SECRETARIA";
    public const string ActionName = "NOMBRE DE LA ACCION";
    public const string Beneficiaries = "BENEFICIARIOS";
    public const string Axis = "EJE";
    public const string ActionNumber = "NUMERO DE ACCION";
    public const string Goal = "META";
    public const string Objective = "OBJETIVO ESPECIFICO";
    public const string Investment = "INVERSION APROXIMADA";
    public const string Strategy = "ESTRATEGIA";
    public const string Purpose = "PROPOSITO";
    public const string BudgetItems = "PARTIDA PRESUPUESTAL";

    public const string Activity = "ACTIVIDAD";
    public const string ResponsibleArea = "AREA RESPONSABLE";
    public const string Unit = "UNIDAD DE MEDIDA";
    public const string ActivityInvestment = "INVERSION APROX POR ACTIVIDAD";
    public const string Indicator = "INDICADOR";
    public const string AnnualTarget = "PROGRAMACION ANUAL";
    public const string MonthlyTarget = "PROGRAMACION MENSUAL";

    public const string SummaryAction = "ACCION";
    public const string SummaryInvestment = "INVERSION";
    public const string Total = "TOTAL";

    /// <summary>The labels of a block's header, in the order they are reported when missing.</summary>
    public static readonly string[] BlockHeader =
        [Department, ActionName, Beneficiaries, Axis, ActionNumber, Goal, Objective, Investment, Strategy, Purpose, BudgetItems];

    public static readonly string[] ActivityHeader = [Activity, ResponsibleArea, Unit, ActivityInvestment, Indicator, AnnualTarget];

    /// <summary>The label as the seed writes it, for messages.</summary>
    public static string Display(string label) => label switch
    {
        Department => "SECRETARÍA",
        ActionName => "NOMBRE DE LA ACCIÓN",
        ActionNumber => "NÚMERO DE ACCIÓN",
        Objective => "OBJETIVO ESPECÍFICO",
        Investment => "INVERSIÓN APROXIMADA",
        Purpose => "PROPÓSITO",
        ResponsibleArea => "ÁREA RESPONSABLE",
        ActivityInvestment => "INVERSIÓN APROX. POR ACTIVIDAD",
        AnnualTarget => "PROGRAMACIÓN ANUAL",
        _ => label,
    };

    /// <summary>The label a cell is, as an index of <see cref="BlockHeader"/>, or -1.</summary>
    public static int BlockLabel(ReadOnlySpan<char> cell, out int inlineStart)
    {
        for (var k = 0; k < BlockHeader.Length; k++)
        {
            if (Matches(cell, BlockHeader[k], out inlineStart))
                return k;
        }
        inlineStart = cell.Length;
        return -1;
    }

    // PARTIDA PRESUPUESTAL may carry its codes in the label cell itself ("PARTIDA PRESUPUESTAL 3191, 3691."): codes cannot be
    // mistaken for words. Other labels must fill their cell: a value text may well begin with a label's word ("Meta: ...").
    private static bool Matches(ReadOnlySpan<char> cell, string label, out int inlineStart)
    {
        inlineStart = cell.Length;
        return label == BudgetItems ? StartsWith(cell, label, out inlineStart) : Is(cell, label);
    }

    /// <summary>True when the whole cell is the label.</summary>
    public static bool Is(ReadOnlySpan<char> cell, string label) =>
        StartsWith(cell, label, out var consumed) && IsIgnorable(cell[consumed..]);

    /// <summary>True when the cell begins with the label as whole words; <paramref name="consumed"/> is where the rest starts.</summary>
    public static bool StartsWith(ReadOnlySpan<char> cell, string label, out int consumed)
    {
        consumed = 0;
        var i = 0;
        foreach (var expected in label)
        {
            while (i < cell.Length && IsSkipped(cell[i]))
                i++;
            if (expected == ' ')
            {
                if (i >= cell.Length || !(char.IsWhiteSpace(cell[i]) || i > 0 && IsSkipped(cell[i - 1])))
                    return false;
                while (i < cell.Length && (char.IsWhiteSpace(cell[i]) || IsSkipped(cell[i])))
                    i++;
                continue;
            }
            if (i >= cell.Length || Fold(cell[i]) != expected)
                return false;
            i++;
        }
        if (i < cell.Length && char.IsLetterOrDigit(cell[i]))
            return false;
        consumed = i;
        return true;
    }

    private static bool IsIgnorable(ReadOnlySpan<char> rest)
    {
        foreach (var c in rest)
        {
            if (!char.IsWhiteSpace(c) && !IsSkipped(c))
                return false;
        }
        return true;
    }

    // Combining accents (U+0300..U+036F) come from text saved in decomposed form.
    private static bool IsSkipped(char c) => c is '.' or ':' or >= '\u0300' and <= '\u036F';

    private static char Fold(char c) => c switch
    {
        'á' or 'Á' or 'à' or 'À' or 'ä' or 'Ä' => 'A',
        'é' or 'É' or 'è' or 'È' or 'ë' or 'Ë' => 'E',
        'í' or 'Í' or 'ì' or 'Ì' or 'ï' or 'Ï' => 'I',
        'ó' or 'Ó' or 'ò' or 'Ò' or 'ö' or 'Ö' => 'O',
        'ú' or 'Ú' or 'ù' or 'Ù' or 'ü' or 'Ü' => 'U',
        'ñ' or 'Ñ' => 'N',
        _ => char.ToUpperInvariant(c),
    };
}
