using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PoaPlatform.Domain.Export;

/// <summary>The JSON form of a POA: camelCase, money with two decimals, enums in lower case.</summary>
public static class PoaJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Output goes to files and terminals, never into HTML: keep "Secretaría" readable instead of "Secretar\u00EDa".
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The document; findings' messages in <paramref name="language"/>; progress (as pages export it) when given.</summary>
    public static string Serialize(PoaDocument document, FindingLanguage language = FindingLanguage.English, IReadOnlyList<ReportedProgress>? progress = null) =>
        JsonSerializer.Serialize(ToJson(document, language, progress), Options);

    public static void Write(PoaDocument document, Stream stream, FindingLanguage language = FindingLanguage.English, IReadOnlyList<ReportedProgress>? progress = null) =>
        JsonSerializer.Serialize(stream, ToJson(document, language, progress), Options);

    private static DocumentJson ToJson(PoaDocument document, FindingLanguage language, IReadOnlyList<ReportedProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(document);
        var totals = document.Totals;
        return new DocumentJson(
            document.Year,
            [.. document.Departments.Select(ToJson)],
            new TotalsJson(totals.Investment, totals.Actions, totals.Activities, totals.BeneficiariesMen, totals.BeneficiariesWomen),
            [.. document.Findings.Select(f => new FindingJson(f.Code, f.Severity, f.ActionNumber, f.Expected, f.Actual, f.Line, f.Sheet, f.Column,
                f.Department, f.MessageIn(language), f.Parameters?.ToDictionary(p => p.Name, p => p.Value)))],
            progress?.Select(p => new ProgressJson(p.Department, p.ActionNumber, p.ActivityId, p.Month, p.Achieved, p.Exercised, p.Note,
                p.Approved, p.Modified, p.Committed, p.Accrued, p.Paid)).ToList());
    }

    private static DepartmentJson ToJson(Department department) =>
        new(department.Name, department.Slug, [.. department.Actions.Select(ToJson)]);

    private static ActionJson ToJson(PoaAction action) => new(
        action.Number, action.Name, action.Axes, action.Goal, action.Objective, action.Strategy, action.Purpose, action.Investment,
        new BeneficiariesJson(action.Beneficiaries.Men, action.Beneficiaries.Women),
        [.. action.BudgetItems.Select(b => b.Code)],
        [.. action.Activities.Select(a => new ActivityJson(a.Id, a.Description, a.ResponsibleArea, a.Unit, a.Indicator, a.Investment, a.AnnualTarget, [.. a.Monthly],
            a.FundingSource, a.IndicatorSheet))],
        action.Indicator.Length > 0 ? action.Indicator : null, action.IndicatorSheet);

    private sealed record DocumentJson(int Year, IReadOnlyList<DepartmentJson> Departments, TotalsJson Totals, IReadOnlyList<FindingJson> Findings,
        IReadOnlyList<ProgressJson>? Progress);

    private sealed record ProgressJson(string Department, int ActionNumber, int ActivityId, int Month,
        [property: JsonConverter(typeof(QuantityConverter))] decimal Achieved,
        [property: JsonConverter(typeof(MoneyConverter))] decimal Exercised, string? Note,
        [property: JsonConverter(typeof(MoneyConverter))] decimal Approved,
        [property: JsonConverter(typeof(MoneyConverter))] decimal Modified,
        [property: JsonConverter(typeof(MoneyConverter))] decimal Committed,
        [property: JsonConverter(typeof(MoneyConverter))] decimal Accrued,
        [property: JsonConverter(typeof(MoneyConverter))] decimal Paid);

    private sealed record DepartmentJson(string Name, string Slug, IReadOnlyList<ActionJson> Actions);

    private sealed record ActionJson(
        int Number, string Name, IReadOnlyList<string> Axes, string Goal, string Objective, string Strategy, string Purpose,
        [property: JsonConverter(typeof(MoneyConverter))] decimal Investment,
        BeneficiariesJson Beneficiaries, IReadOnlyList<string> BudgetItems, IReadOnlyList<ActivityJson> Activities,
        string? Indicator, IndicatorSheet? IndicatorSheet);

    private sealed record BeneficiariesJson(int Men, int Women);

    private sealed record ActivityJson(
        int Id, string Description, string ResponsibleArea, string Unit, string Indicator,
        [property: JsonConverter(typeof(MoneyConverter))] decimal Investment,
        [property: JsonConverter(typeof(QuantityConverter))] decimal AnnualTarget,
        [property: JsonConverter(typeof(QuantitiesConverter))] IReadOnlyList<decimal> Monthly,
        string? FundingSource, IndicatorSheet? IndicatorSheet);

    private sealed record TotalsJson(
        [property: JsonConverter(typeof(MoneyConverter))] decimal Investment,
        int Actions, int Activities, long BeneficiariesMen, long BeneficiariesWomen);

    private sealed record FindingJson(
        string Code, FindingSeverity Severity, int? ActionNumber,
        [property: JsonConverter(typeof(NullableMoneyConverter))] decimal? Expected,
        [property: JsonConverter(typeof(NullableMoneyConverter))] decimal? Actual,
        int? Line, string? Sheet, int? Column, string? Department, string Message, IReadOnlyDictionary<string, string>? Parameters);

    /// <summary>Pesos always with two decimals: 0.00, 4157900.00.</summary>
    private sealed class MoneyConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.ToString("0.00", CultureInfo.InvariantCulture), skipInputValidation: true);
    }

    private sealed class NullableMoneyConverter : JsonConverter<decimal?>
    {
        public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
        {
            if (value is { } amount)
                writer.WriteRawValue(amount.ToString("0.00", CultureInfo.InvariantCulture), skipInputValidation: true);
            else
                writer.WriteNullValue();
        }
    }

    /// <summary>Targets as plain numbers: 4400, not 4400.00 (their scale depends on how the cell was written).</summary>
    private sealed class QuantityConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteRawValue(Quantity(value), skipInputValidation: true);

        internal static string Quantity(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
    }

    private sealed class QuantitiesConverter : JsonConverter<IReadOnlyList<decimal>>
    {
        public override IReadOnlyList<decimal> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<decimal[]>(ref reader, options) ?? [];

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<decimal> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var month in value)
                writer.WriteRawValue(QuantityConverter.Quantity(month), skipInputValidation: true);
            writer.WriteEndArray();
        }
    }
}
