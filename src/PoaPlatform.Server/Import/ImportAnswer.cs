using System.Globalization;
using System.Text.Json;
using PoaPlatform.Domain.Import;
using PoaPlatform.Server.Export;

namespace PoaPlatform.Server.Import;

/// <summary>
/// The JSON of <c>POST /import</c>: the same envelope and fields as the <c>importPoa</c> mutation's answer
/// (<c>{"data":{"importPoa":{...}},"errors":[...]}</c>), so a client reads both the same way.
/// </summary>
internal static class ImportAnswer
{
    public static void WritePayload(Utf8JsonWriter json, PoaDocument document, bool dryRun, int importedActions, CityFigures? poa,
        FindingLanguage language, IReadOnlyList<(string Message, Dictionary<string, object?> Extensions)> errors)
    {
        json.WriteStartObject();
        json.WriteStartObject("data");
        json.WriteStartObject("importPoa");
        json.WriteNumber("year", document.Year);
        json.WriteBoolean("dryRun", dryRun);
        json.WriteNumber("importedActions", importedActions);
        var totals = document.Totals;
        json.WriteStartObject("totals");
        json.WriteNumber("investment", totals.Investment);
        json.WriteNumber("actions", totals.Actions);
        json.WriteNumber("activities", totals.Activities);
        People(json, "declaredBeneficiaries", totals.BeneficiariesMen, totals.BeneficiariesWomen);
        json.WriteEndObject();
        json.WriteStartArray("departments");
        foreach (var department in document.Departments)
        {
            json.WriteStartObject();
            json.WriteString("name", department.Name);
            json.WriteString("slug", department.Slug);
            json.WriteNumber("actions", department.Actions.Count);
            json.WriteNumber("investment", department.Actions.Sum(a => a.Investment));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("findings");
        foreach (var finding in document.Findings)
            WriteFinding(json, finding, language);
        json.WriteEndArray();
        // The POA after the import, as importPoa's "poa" (null on a dry run).
        if (poa is null)
        {
            json.WriteNull("poa");
        }
        else
        {
            json.WriteStartObject("poa");
            json.WriteString("key", poa.Key);
            json.WriteNumber("year", poa.Year);
            json.WriteNumber("version", poa.Version);
            json.WriteStartObject("totals");
            json.WriteNumber("investment", poa.Investment);
            json.WriteNumber("actions", poa.Actions);
            json.WriteNumber("activities", poa.Activities);
            json.WriteNumber("findings", poa.Findings);
            People(json, "declaredBeneficiaries", poa.Men, poa.Women);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        if (errors.Count > 0)
            WriteErrorArray(json, errors);
        json.WriteEndObject();
    }

    /// <summary>A finding with the fields of the GraphQL Finding type; message in the language asked for.</summary>
    public static void WriteFinding(Utf8JsonWriter json, Finding finding, FindingLanguage language)
    {
        json.WriteStartObject();
        json.WriteString("code", finding.Code);
        json.WriteString("severity", finding.Severity.ToString().ToUpperInvariant());
        json.WriteString("message", finding.MessageIn(language));
        json.WriteStartArray("parameters");
        foreach (var parameter in finding.Parameters ?? [])
        {
            json.WriteStartObject();
            json.WriteString("name", parameter.Name);
            json.WriteString("value", parameter.Value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        Nullable(json, "line", finding.Line);
        if (finding.Sheet is null)
            json.WriteNull("sheet");
        else
            json.WriteString("sheet", finding.Sheet);
        Nullable(json, "column", finding.Column);
        Nullable(json, "actionNumber", finding.ActionNumber);
        NullableDecimal(json, "expected", finding.Expected);
        NullableDecimal(json, "actual", finding.Actual);
        if (finding.Department is null)
            json.WriteNull("department");
        else
            json.WriteString("department", finding.Department);
        json.WriteEndObject();
    }

    /// <summary>Errors as GraphQL shapes them: a message and extensions with a code.</summary>
    public static void WriteErrors(Utf8JsonWriter json, IReadOnlyList<(string Message, Dictionary<string, object?> Extensions)> errors)
    {
        json.WriteStartObject();
        WriteErrorArray(json, errors);
        json.WriteEndObject();
    }

    /// <summary>The extensions of a format error: its code and where (line, column, sheet) and what (value).</summary>
    public static (string Message, Dictionary<string, object?> Extensions) FormatError(PoaFormatException e) =>
        (e.Message, new Dictionary<string, object?>
        {
            ["code"] = GraphQL.PoaErrors.BadPoaFormat, ["line"] = e.Line, ["column"] = e.Column, ["value"] = e.Value, ["sheet"] = e.Sheet,
        });

    private static void WriteErrorArray(Utf8JsonWriter json, IReadOnlyList<(string Message, Dictionary<string, object?> Extensions)> errors)
    {
        json.WriteStartArray("errors");
        foreach (var (message, extensions) in errors)
        {
            json.WriteStartObject();
            json.WriteString("message", message);
            json.WriteStartObject("extensions");
            foreach (var (key, value) in extensions)
            {
                switch (value)
                {
                    case null:
                        json.WriteNull(key);
                        break;
                    case int number:
                        json.WriteNumber(key, number);
                        break;
                    case long number:
                        json.WriteNumber(key, number);
                        break;
                    case string text:
                        json.WriteString(key, text);
                        break;
                    default:
                        // Numbers, lists and records (a conflict's changedSince) as GraphQL's serializer writes them.
                        json.WritePropertyName(key);
                        JsonSerializer.Serialize(json, value, value.GetType());
                        break;
                }
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void People(Utf8JsonWriter json, string name, long men, long women)
    {
        json.WriteStartObject(name);
        json.WriteNumber("men", men);
        json.WriteNumber("women", women);
        json.WriteNumber("total", men + women);
        json.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
            json.WriteNumber(name, number);
        else
            json.WriteNull(name);
    }

    private static void NullableDecimal(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } number)
            json.WriteNumber(name, number);
        else
            json.WriteNull(name);
    }
}
