using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PoaPlatform.Domain.Export;
using PoaPlatform.Server.Export;

namespace PoaPlatform.Server.OpenData;

/// <summary>
/// A year's POA as a Fiscal Data Package (decision 0015): <c>datapackage.json</c> (FDP 0.3 <c>model</c> of measures and
/// dimensions over Table Schemas) and two CSV resources, <c>budget.csv</c> (one row per activity) and
/// <c>progress.csv</c> (one row per activity and month). Columns and their Table Schema fields come from one list, so the
/// descriptor cannot disagree with the files.
/// </summary>
public sealed class FiscalDataPackage
{
    public const string DescriptorName = "datapackage.json";
    public const string BudgetName = "budget.csv";
    public const string ProgressName = "progress.csv";

    /// <summary>UTF-8 without a BOM: the package declares its encoding, and data tools read a BOM as part of the first name.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private sealed record Column<T>(string Name, string Type, string Title, Func<T, string> Value, bool Required = false);

    private sealed record BudgetRow(OpenDataAction Item, Activity? Activity, Activity? Approved);

    private sealed record ProgressRow(OpenDataAction Item, Activity Activity, int Year, int Month, MonthProgress? Reported);

    private static readonly Column<BudgetRow>[] BudgetColumns =
    [
        new("department", "string", "Dependencia", r => Text(r.Item.Department), Required: true),
        new("action_number", "integer", "Número de acción", r => Integer(r.Item.Action.Number), Required: true),
        new("action_name", "string", "Acción", r => Text(r.Item.Action.Name)),
        new("axes", "string", "Ejes del plan (separados por \" / \")", r => Text(string.Join(" / ", r.Item.Action.Axes))),
        new("activity_id", "integer", "Número de actividad (vacío: acción sin actividades)", r => r.Activity is null ? "" : Integer(r.Activity.Id)),
        new("activity_description", "string", "Actividad", r => Text(r.Activity?.Description ?? "")),
        new("responsible_area", "string", "Área responsable", r => Text(r.Activity?.ResponsibleArea ?? "")),
        new("unit", "string", "Unidad de medida", r => Text(r.Activity?.Unit ?? "")),
        new("indicator", "string", "Indicador", r => Text(r.Activity?.Indicator ?? "")),
        new("budget_items", "string", "Partidas presupuestales (separadas por \", \")", r => Text(string.Join(", ", r.Item.Action.BudgetItems.Select(b => b.Code)))),
        new("chapters", "string", "Capítulos CONAC (separados por \", \")", r => Text(string.Join(", ", r.Item.Action.BudgetItems.Where(b => b.IsValid).Select(b => b.Chapter).Distinct().Order().Select(Integer)))),
        new("funding_source", "string", "Fuente de financiamiento (clave)", r => Text(r.Activity?.FundingSource ?? "")),
        new("approved_investment", "number", "Inversión aprobada (MXN)", r => Money(r.Approved?.Investment ?? (r.Activity is null ? r.Item.Approved.Investment : 0)), Required: true),
        new("modified_investment", "number", "Inversión modificada (MXN)", r => Money(r.Activity?.Investment ?? r.Item.Action.Investment), Required: true),
        new("approved_annual_target", "number", "Meta anual aprobada", r => Quantity(r.Approved?.AnnualTarget ?? 0)),
        new("modified_annual_target", "number", "Meta anual modificada", r => Quantity(r.Activity?.AnnualTarget ?? 0)),
    ];

    private static readonly Column<ProgressRow>[] ProgressColumns =
    [
        new("department", "string", "Dependencia", r => Text(r.Item.Department), Required: true),
        new("action_number", "integer", "Número de acción", r => Integer(r.Item.Action.Number), Required: true),
        new("activity_id", "integer", "Número de actividad", r => Integer(r.Activity.Id), Required: true),
        new("funding_source", "string", "Fuente de financiamiento (clave)", r => Text(r.Activity.FundingSource ?? "")),
        new("month", "integer", "Mes (1 = enero)", r => Integer(r.Month), Required: true),
        new("period", "date", "Primer día del mes", r => new DateOnly(r.Year, r.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Required: true),
        new("programmed", "number", "Meta programada del mes", r => Quantity(r.Activity.Monthly.OfMonth(r.Month))),
        new("achieved", "number", "Avance alcanzado", r => Quantity(r.Reported?.Achieved ?? 0), Required: true),
        new("approved", "number", "Momento aprobado (MXN)", r => Money(r.Reported?.Approved ?? 0), Required: true),
        new("modified", "number", "Momento modificado (MXN)", r => Money(r.Reported?.Modified ?? 0), Required: true),
        new("committed", "number", "Momento comprometido (MXN)", r => Money(r.Reported?.Committed ?? 0), Required: true),
        new("accrued", "number", "Momento devengado (MXN)", r => Money(r.Reported?.Accrued ?? 0), Required: true),
        new("exercised", "number", "Momento ejercido (MXN)", r => Money(r.Reported?.Exercised ?? 0), Required: true),
        new("paid", "number", "Momento pagado (MXN)", r => Money(r.Reported?.Paid ?? 0), Required: true),
    ];

    // Measures: the money columns, each with its FDP budget phase. CONAC's committed, accrued, exercised and paid are
    // stages of execution; FDP has one phase for them ("executed"), the column name tells which.
    private static readonly (string Name, string Resource, string Phase)[] Measures =
    [
        ("approved_investment", "budget", "approved"), ("modified_investment", "budget", "adjusted"),
        ("approved", "progress", "approved"), ("modified", "progress", "adjusted"), ("committed", "progress", "executed"),
        ("accrued", "progress", "executed"), ("exercised", "progress", "executed"), ("paid", "progress", "executed"),
    ];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _municipality;
    private readonly int _year;
    private readonly IReadOnlyList<OpenDataAction> _actions;

    public FiscalDataPackage(string municipality, int year, IReadOnlyList<OpenDataAction> actions)
    {
        _municipality = municipality;
        _year = year;
        _actions = actions;
    }

    /// <summary>The descriptor, with where the data comes from (<paramref name="source"/>: the city page) and when it was made.</summary>
    public byte[] Descriptor(OpenDataOptions options, string source, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(options);
        var descriptor = new JsonObject
        {
            ["profile"] = "fiscal-data-package",
            ["name"] = $"poa-{_municipality}-{Integer(_year)}",
            ["title"] = $"Programa Operativo Anual {Integer(_year)} de {_municipality}",
            ["description"] = "Presupuesto por actividad (aprobado y modificado) y avance mensual con los momentos contables del gasto (CONAC).",
            ["created"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["countryCode"] = "MX",
            ["granularity"] = "aggregated",
            ["fiscalPeriod"] = new JsonObject { ["start"] = $"{Integer(_year)}-01-01", ["end"] = $"{Integer(_year)}-12-31" },
            ["licenses"] = new JsonArray(new JsonObject { ["name"] = options.LicenseName, ["title"] = options.LicenseTitle, ["path"] = options.LicensePath }),
            ["sources"] = new JsonArray(new JsonObject { ["title"] = "PoaPlatform", ["path"] = source }),
            ["resources"] = new JsonArray(
                Resource("budget", BudgetName, "Presupuesto por actividad", BudgetColumns, ["department", "action_number", "activity_id"]),
                Resource("progress", ProgressName, "Avance mensual y momentos del gasto", ProgressColumns, ["department", "action_number", "activity_id", "month"])),
            ["model"] = Model(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(descriptor, Indented);
    }

    /// <summary>One row per activity (one per action that has none), departments by name, actions by number.</summary>
    public byte[] Budget() => Csv(BudgetColumns, _actions.SelectMany(item => item.Action.Activities.Count == 0
        ? [new BudgetRow(item, null, null)]
        : item.Action.Activities.Select(a => new BudgetRow(item, a, item.Approved.Activities.FirstOrDefault(b => b.Id == a.Id)))));

    /// <summary>Twelve rows per activity: programmed, achieved and the six moments of each month (0 when not reported).</summary>
    public byte[] Progress() => Csv(ProgressColumns, _actions.SelectMany(item => item.Action.Activities.SelectMany(a =>
    {
        var progress = item.Progress.ProgressOf(a.Id);
        return Enumerable.Range(1, 12).Select(m => new ProgressRow(item, a, _year, m, progress?.Of(m)));
    })));

    /// <summary>The three files in one zip.</summary>
    public byte[] Zip(byte[] descriptor)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { (DescriptorName, descriptor), (BudgetName, Budget()), (ProgressName, Progress()) })
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                entry.Write(content);
            }
        }
        return buffer.ToArray();
    }

    private static JsonObject Resource<T>(string name, string path, string title, Column<T>[] columns, string[] key) => new()
    {
        ["profile"] = "tabular-data-resource",
        ["name"] = name,
        ["path"] = path,
        ["title"] = title,
        ["format"] = "csv",
        ["mediatype"] = "text/csv",
        ["encoding"] = "utf-8",
        ["dialect"] = new JsonObject { ["delimiter"] = ",", ["lineTerminator"] = "\r\n", ["quoteChar"] = "\"", ["doubleQuote"] = true, ["header"] = true },
        ["schema"] = new JsonObject
        {
            ["fields"] = new JsonArray([.. columns.Select(Field)]),
            ["primaryKey"] = new JsonArray([.. key.Select(k => (JsonNode)k)]),
            ["missingValues"] = new JsonArray(""),
        },
    };

    private static JsonObject Field<T>(Column<T> column)
    {
        var field = new JsonObject { ["name"] = column.Name, ["title"] = column.Title, ["type"] = column.Type };
        if (column.Type == "number")
            field["decimalChar"] = ".";
        if (column.Required)
            field["constraints"] = new JsonObject { ["required"] = true };
        return field;
    }

    private static JsonObject Model()
    {
        var measures = new JsonObject();
        foreach (var (name, resource, phase) in Measures)
            measures[name] = new JsonObject { ["source"] = name, ["resource"] = resource, ["currency"] = "MXN", ["direction"] = "expenditure", ["phase"] = phase };
        return new JsonObject
        {
            ["measures"] = measures,
            ["dimensions"] = new JsonObject
            {
                ["administrative_classification"] = Dimension("classification", "administrative", "department", ("department", "department")),
                ["functional_classification"] = Dimension("classification", "functional", "axes", ("axes", "axes")),
                ["economic_classification"] = Dimension("classification", "economic", "budget_items", ("budget_items", "budget_items"), ("chapters", "chapters")),
                ["funding_source"] = Dimension("other", null, "funding_source", ("funding_source", "funding_source")),
                ["activity"] = Dimension("activity", null, ["department", "action_number", "activity_id"],
                    ("department", "department"), ("action_number", "action_number"), ("action_name", "action_name"), ("activity_id", "activity_id"),
                    ("activity_description", "activity_description"), ("responsible_area", "responsible_area")),
                ["date"] = Dimension("datetime", null, "period", ("period", "period"), ("month", "month")),
            },
        };
    }

    private static JsonObject Dimension(string type, string? classification, string key, params (string Name, string Source)[] attributes) =>
        Dimension(type, classification, [key], attributes);

    private static JsonObject Dimension(string type, string? classification, string[] key, params (string Name, string Source)[] attributes)
    {
        var fields = new JsonObject();
        foreach (var (name, source) in attributes)
            fields[name] = new JsonObject { ["source"] = source };
        var dimension = new JsonObject
        {
            ["dimensionType"] = type,
            ["attributes"] = fields,
            ["primaryKey"] = key.Length == 1 ? key[0] : new JsonArray([.. key.Select(k => (JsonNode)k)]),
        };
        if (classification is not null)
            dimension["classificationType"] = classification;
        return dimension;
    }

    private static byte[] Csv<T>(Column<T>[] columns, IEnumerable<T> rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        PoaCsv.WriteRow(writer, [.. columns.Select(c => c.Name)]);
        var cells = new string[columns.Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++)
                cells[i] = columns[i].Value(row);
            PoaCsv.WriteRow(writer, cells);
        }
        return Utf8.GetBytes(writer.ToString());
    }

    private static string Text(string value) => FormulaGuard.Neutralise(value);

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Quantity(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
