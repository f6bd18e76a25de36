namespace PoaPlatform.Domain.Model;

/// <summary>The level of the Matriz de Indicadores para Resultados (MIR) an indicator measures.</summary>
[GenerateSerializer, Alias("poa.MirLevel")]
public enum MirLevel
{
    Fin,
    Proposito,
    Componente,
    Actividad,
}

/// <summary>How often an indicator is measured: its compliance is judged at the end of each of its periods.</summary>
[GenerateSerializer, Alias("poa.IndicatorFrequency")]
public enum IndicatorFrequency
{
    Mensual,
    Trimestral,
    Semestral,
    Anual,
}

/// <summary>Estratégico (measures the program's objectives) or de gestión (the processes that deliver them).</summary>
[GenerateSerializer, Alias("poa.IndicatorType")]
public enum IndicatorType
{
    Estrategico,
    Gestion,
}

/// <summary>What an indicator measures of the program (the MIR's dimensions).</summary>
[GenerateSerializer, Alias("poa.IndicatorDimension")]
public enum IndicatorDimension
{
    Eficacia,
    Eficiencia,
    Calidad,
    Economia,
}

/// <summary>Which way is good: up (ascendente), down (descendente, e.g. complaints), or staying at the target (constante).</summary>
[GenerateSerializer, Alias("poa.IndicatorDirection")]
public enum IndicatorDirection
{
    Ascendente,
    Descendente,
    Constante,
}

/// <summary>
/// The indicator sheet (<i>ficha técnica</i>) of an activity's or an action's indicator, beyond its name (the
/// INDICADOR text, kept where it always was: <see cref="Activity.Indicator"/>, <see cref="PoaAction.Indicator"/>).
/// Every field is optional: a POA imported from the seed layout has only the name, and the finding
/// INDICATOR_INCOMPLETE says what each sheet lacks. Without a frequency an indicator is judged monthly; without a
/// direction, as ascending.
/// </summary>
[GenerateSerializer, Immutable, Alias("poa.IndicatorSheet")]
public sealed record IndicatorSheet(
    [property: Id(0)] MirLevel? Level = null,
    [property: Id(1)] string Definition = "",
    [property: Id(2)] string Method = "",
    [property: Id(3)] string Numerator = "",
    [property: Id(4)] string Denominator = "",
    [property: Id(5)] string Unit = "",
    [property: Id(6)] IndicatorFrequency? Frequency = null,
    [property: Id(7)] IndicatorType? Type = null,
    [property: Id(8)] IndicatorDimension? Dimension = null,
    [property: Id(9)] IndicatorDirection? Direction = null,
    [property: Id(10)] decimal? BaselineValue = null,
    [property: Id(11)] int? BaselineYear = null,
    [property: Id(12)] string MeansOfVerification = "",
    [property: Id(13)] string Assumptions = "")
{
    public static readonly IndicatorSheet Empty = new();

    [System.Text.Json.Serialization.JsonIgnore]
    public IndicatorDirection DirectionOrDefault => Direction ?? IndicatorDirection.Ascendente;

    [System.Text.Json.Serialization.JsonIgnore]
    public IndicatorFrequency FrequencyOrDefault => Frequency ?? IndicatorFrequency.Mensual;

    /// <summary>The names of the fields of a complete sheet, in the sheet's order; bit <c>i</c> of <see cref="Gaps"/>
    /// stands for <c>FieldNames[i]</c>.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
    [
        "level", "definition", "method", "numerator", "denominator", "unit", "frequency", "type", "dimension", "direction",
        "baseline", "meansOfVerification", "assumptions",
    ];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, (IReadOnlyList<string> Names, string Joined)> NamesByGaps = new();

    /// <summary>The fields this sheet lacks as bits (see <see cref="FieldNames"/>); 0 for a complete sheet. A value,
    /// not a list: an import checks thousands of sheets, most with the same gaps.</summary>
    public int Gaps()
    {
        var gaps = 0;
        void Need(bool present, int bit)
        {
            if (!present)
                gaps |= 1 << bit;
        }
        Need(Level is not null, 0);
        Need(Definition.Length > 0, 1);
        Need(Method.Length > 0, 2);
        Need(Numerator.Length > 0, 3);
        Need(Denominator.Length > 0, 4);
        Need(Unit.Length > 0, 5);
        Need(Frequency is not null, 6);
        Need(Type is not null, 7);
        Need(Dimension is not null, 8);
        Need(Direction is not null, 9);
        Need(BaselineValue is not null && BaselineYear is not null, 10);
        Need(MeansOfVerification.Length > 0, 11);
        Need(Assumptions.Length > 0, 12);
        return gaps;
    }

    /// <summary>The names of the fields a complete sheet has and this one lacks, in the sheet's order.</summary>
    public IReadOnlyList<string> Missing() => NamesOf(Gaps()).Names;

    /// <summary>The names of the fields in <paramref name="gaps"/>, in the sheet's order, and joined by commas; built once
    /// per distinct set.</summary>
    public static (IReadOnlyList<string> Names, string Joined) NamesOf(int gaps) => NamesByGaps.GetOrAdd(gaps, static g =>
    {
        var names = FieldNames.Where((_, bit) => (g & (1 << bit)) != 0).ToArray();
        return (names, string.Join(',', names));
    });

    /// <summary>The last month, up to <paramref name="month"/>, at which an indicator of this frequency is judged (the end
    /// of its last complete period); 0 when none has ended yet.</summary>
    public static int JudgedMonth(IndicatorFrequency frequency, int month)
    {
        var period = frequency switch
        {
            IndicatorFrequency.Trimestral => 3,
            IndicatorFrequency.Semestral => 6,
            IndicatorFrequency.Anual => 12,
            _ => 1,
        };
        return month / period * period;
    }
}

/// <summary>The Spanish words for the sheet's choices, as people write them in a spreadsheet and read them on a page:
/// written with accents, read without regard to accents or case.</summary>
public static class IndicatorTexts
{
    private static readonly Dictionary<Enum, string> s_names = new()
    {
        [MirLevel.Fin] = "Fin", [MirLevel.Proposito] = "Propósito", [MirLevel.Componente] = "Componente", [MirLevel.Actividad] = "Actividad",
        [IndicatorFrequency.Mensual] = "Mensual", [IndicatorFrequency.Trimestral] = "Trimestral",
        [IndicatorFrequency.Semestral] = "Semestral", [IndicatorFrequency.Anual] = "Anual",
        [IndicatorType.Estrategico] = "Estratégico", [IndicatorType.Gestion] = "De gestión",
        [IndicatorDimension.Eficacia] = "Eficacia", [IndicatorDimension.Eficiencia] = "Eficiencia",
        [IndicatorDimension.Calidad] = "Calidad", [IndicatorDimension.Economia] = "Economía",
        [IndicatorDirection.Ascendente] = "Ascendente", [IndicatorDirection.Descendente] = "Descendente", [IndicatorDirection.Constante] = "Constante",
    };

    public static string Of<T>(T? value) where T : struct, Enum => value is { } v ? s_names[v] : "";

    /// <summary>The choice a text names (its Spanish word, without regard to accents or case; "Gestión" for "De
    /// gestión"); false when it names none. An empty text is no choice (null).</summary>
    public static bool TryParse<T>(string text, out T? value) where T : struct, Enum
    {
        value = null;
        var folded = Fold(text);
        if (folded.Length == 0)
            return true;
        foreach (var (key, name) in s_names)
        {
            if (key is T candidate && (Fold(name) == folded || Fold(name) == "DE " + folded || Fold(key.ToString()) == folded))
            {
                value = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>The words a choice of <typeparamref name="T"/> may be written with, for an error message.</summary>
    public static string Choices<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => s_names[v]));

    private static string Fold(string text) => TextFolding.Fold(text.Trim());
}
