using System.Globalization;
using PoaPlatform.Domain.Import;

namespace PoaPlatform.Domain.Findings;

/// <summary>
/// The text of every finding in English and in Spanish, rendered from its code and parameters. Each language is written
/// for its readers (Spanish uses the POA's own words: acción, actividad, partida, hoja resumen), not translated from the
/// other. A finding stored before it carried parameters keeps the English text it was made with.
/// </summary>
public static class FindingMessages
{
    public static string Render(Finding finding, FindingLanguage language)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Parameters is null)
            return finding.StoredMessage;
        var p = new Values(finding);
        var es = language == FindingLanguage.Spanish;
        return finding.Code switch
        {
            FindingCodes.AnnualTargetMismatch => es
                ? $"Acción {p["action"]}, actividad {p["activity"]} «{p.Short("description")}»: la programación anual es {p.Quantity("annualTarget")}, pero los meses ENE a DIC suman {p.Quantity("monthsTotal")}."
                : $"Action {p["action"]}, activity {p["activity"]} \"{p.Short("description")}\": the annual target is {p.Quantity("annualTarget")}, but its months ENE..DIC add up to {p.Quantity("monthsTotal")}.",
            FindingCodes.ActionInvestmentMismatch => es
                ? $"La acción {p["action"]} «{p["name"]}» declara una inversión de {p.Money("declared")}, pero sus {p["activities"]} actividades suman {p.Money("activitiesTotal")} (diferencia de {p.Money("difference")})."
                : $"Action {p["action"]} \"{p["name"]}\" declares an investment of {p.Money("declared")}, but its {p["activities"]} activities add up to {p.Money("activitiesTotal")} (a difference of {p.Money("difference")}).",
            FindingCodes.InvalidBudgetItem => es
                ? $"Acción {p["action"]} «{p["name"]}»: la partida presupuestal «{p["code"]}» no es un código de 4 dígitos de los capítulos 1000 a 9000."
                : $"Action {p["action"]} \"{p["name"]}\": partida presupuestal \"{p["code"]}\" is not a 4-digit code of chapters 1000 to 9000.",
            FindingCodes.SummaryInvestmentMismatch => es
                ? $"La hoja resumen anota la acción {p["action"]} «{p["name"]}» con {p.Money("summary")}, pero su bloque detallado declara {p.Money("declared")}."
                : $"The summary sheet lists action {p["action"]} \"{p["name"]}\" with {p.Money("summary")}, but its detailed block declares {p.Money("declared")}.",
            FindingCodes.SummaryTotalMismatch => es
                ? $"El Total de la hoja resumen es {p.Money("total")}, pero sus {p["rows"]} renglones suman {p.Money("rowsTotal")}."
                : $"The summary sheet's Total is {p.Money("total")}, but its {p["rows"]} rows add up to {p.Money("rowsTotal")}.",
            FindingCodes.SummaryActionMissing => es
                ? $"La acción {p["action"]} «{p["name"]}» tiene su bloque detallado, pero la hoja resumen de {p.Department(es)} no la incluye; su inversión no entra en el Total de esa hoja."
                : $"Action {p["action"]} \"{p["name"]}\" has a detailed block, but the summary sheet of {p.Department(es)} does not list it; its investment is missing from that sheet's Total.",
            FindingCodes.DuplicateAction when p.Has("summaryFirstLine") => es
                ? $"La hoja resumen anota otra vez la acción {p["action"]} «{p["name"]}» (la primera vez en la {p.Where(es, "summaryFirstLine")})."
                : $"The summary sheet lists action {p["action"]} \"{p["name"]}\" again (first at {p.Where(es, "summaryFirstLine")}).",
            FindingCodes.DuplicateAction => es
                ? $"La acción {p["action"]} «{p["name"]}» aparece más de una vez en {p.Department(es)}{(p.Has("firstLine") ? $" (la primera en la {p.Where(es, "firstLine")})" : "")}; se conservan todas las copias."
                : $"Action {p["action"]} \"{p["name"]}\" appears more than once in {p.Department(es)}{(p.Has("firstLine") ? $" (first at {p.Where(es, "firstLine")})" : "")}; each copy is kept.",
            FindingCodes.UnreadCell => es
                ? $"La celda {p.Place(es)} contiene «{p.Short("value")}», que no se leyó: {Reason(p["reason"], es)}. Muévela junto a su etiqueta o bórrala."
                : $"The cell at {p.Place(es)} holds \"{p.Short("value")}\", which was not read: {Reason(p["reason"], es)}. Move it next to its label or delete it.",
            FindingCodes.ActionWithoutActivities => es
                ? $"La acción {p["action"]} «{p["name"]}» no tiene actividades: nada de ella se sigue mes a mes."
                : $"Action {p["action"]} \"{p["name"]}\" has no activities: nothing of it is tracked month by month.",
            FindingCodes.ActivityWithoutTargets => es
                ? $"Acción {p["action"]}, actividad {p["activity"]} «{p.Short("description")}»: no tiene programación mensual (ENE a DIC en cero); programa al menos un mes."
                : $"Action {p["action"]}, activity {p["activity"]} \"{p.Short("description")}\" has no monthly target (ENE..DIC are all zero): program at least one month.",
            FindingCodes.PoaWithoutActions => es
                ? $"El POA de {p.Department(es)} no tiene acciones: captura sus acciones antes de enviarlo."
                : $"The POA of {p.Department(es)} has no actions: capture its actions before submitting.",
            FindingCodes.IndicatorIncomplete => Incomplete(p, es),
            FindingCodes.MomentsOutOfOrder => es
                ? $"Acción {p["action"]}, actividad {p["activity"]} «{p.Short("description")}»: lo {MomentName(p["later"], es)} ({p.Money("laterTotal")}) es mayor que lo {MomentName(p["earlier"], es)} ({p.Money("earlierTotal")}) en lo que va del año; el dinero pasa de comprometido a devengado, ejercido y pagado."
                : $"Action {p["action"]}, activity {p["activity"]} \"{p.Short("description")}\": {MomentName(p["later"], es)} ({p.Money("laterTotal")}) is more than {MomentName(p["earlier"], es)} ({p.Money("earlierTotal")}) so far this year; money moves committed → accrued → exercised → paid.",
            FindingCodes.ModifiedWithoutRequest => es
                ? $"Acción {p["action"]}, actividad {p["activity"]} «{p.Short("description")}»: el presupuesto modificado ({p.Money("modified")}) difiere del aprobado ({p.Money("approved")}) sin una solicitud de modificación autorizada."
                : $"Action {p["action"]}, activity {p["activity"]} \"{p.Short("description")}\": the modified budget ({p.Money("modified")}) differs from the approved one ({p.Money("approved")}) without an authorised modification request.",
            _ => finding.StoredMessage,
        };
    }

    /// <summary>What the indicator sheets of an action lack, its own first, activities with the same gaps together.</summary>
    private static string Incomplete(Values p, bool es)
    {
        var parts = new List<string>(2);
        var own = p["actionMissing"];
        if (own == "name" || own.StartsWith("name,", StringComparison.Ordinal))
            parts.Add(es ? "la acción no tiene indicador propio" : "the action has no indicator of its own");
        else if (own.Length > 0)
            parts.Add(es ? $"a la ficha del indicador de la acción le falta: {FieldsOf(own, es)}" : $"the action's indicator sheet lacks {FieldsOf(own, es)}");
        // "1,2=level,method|3=..." (or, as findings stored before 2026-12-05 have it, "1=level,method|2=...") grouped by
        // the fields, in order of first appearance; read in place: an import renders one of these per action.
        var activities = p["activities"].AsSpan();
        var groups = new List<(string Fields, List<string> Numbers)>(1);
        foreach (var range in activities.Split('|'))
        {
            var entry = activities[range];
            var equals = entry.IndexOf('=');
            if (equals < 0)
                continue;
            var fields = entry[(equals + 1)..];
            var group = 0;
            while (group < groups.Count && !fields.SequenceEqual(groups[group].Fields))
                group++;
            if (group == groups.Count)
                groups.Add((fields.ToString(), []));
            var numbers = entry[..equals];
            foreach (var number in numbers.Split(','))
                groups[group].Numbers.Add(numbers[number].ToString());
        }
        foreach (var (fieldList, numbers) in groups)
        {
            var one = numbers.Count == 1;
            var names = FieldsOf(fieldList, es);
            parts.Add(es
                ? $"{(one ? "a la ficha de la actividad" : "a las fichas de las actividades")} {Join(numbers, es)} le{(one ? "" : "s")} falta: {names}"
                : $"the indicator sheet{(one ? "" : "s")} of activit{(one ? "y" : "ies")} {Join(numbers, es)} lack{(one ? "s" : "")} {names}");
        }
        return es
            ? $"Acción {p["action"]} «{p["name"]}», indicadores incompletos: {string.Join("; ", parts)}."
            : $"Action {p["action"]} \"{p["name"]}\", incomplete indicators: {string.Join("; ", parts)}.";
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> SpanishFields = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> EnglishFields = new(StringComparer.Ordinal);

    /// <summary><see cref="Fields"/> of a comma-separated list, rendered once per list and language: an import's
    /// sheets mostly lack the same fields.</summary>
    private static string FieldsOf(string list, bool es) =>
        (es ? SpanishFields : EnglishFields).GetOrAdd(list, static (l, spanish) => Fields(l.Split(','), spanish), es);

    internal static string Fields(IEnumerable<string> names, bool es) => string.Join(", ", names.Select(n => (es, n) switch
    {
        (true, "level") => "nivel de la MIR",
        (true, "definition") => "definición",
        (true, "method") => "método de cálculo",
        (true, "numerator") => "numerador",
        (true, "denominator") => "denominador",
        (true, "unit") => "unidad de medida",
        (true, "frequency") => "frecuencia",
        (true, "type") => "tipo",
        (true, "dimension") => "dimensión",
        (true, "direction") => "sentido",
        (true, "baseline") => "línea base",
        (true, "meansOfVerification") => "medios de verificación",
        (true, "assumptions") => "supuestos",
        (false, "level") => "MIR level",
        (false, "method") => "calculation method",
        (false, "meansOfVerification") => "means of verification",
        _ => n,
    }));

    private static string Join(List<string> items, bool es) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} {(es ? "y" : "and")} {items[^1]}";

    /// <summary>A moment of expenditure by its input name (exercised), in words.</summary>
    public static string MomentName(string field, bool es) => (es, field) switch
    {
        (true, "approved") => "aprobado",
        (true, "modified") => "modificado",
        (true, "committed") => "comprometido",
        (true, "accrued") => "devengado",
        (true, "exercised") => "ejercido",
        (true, "paid") => "pagado",
        _ => field,
    };

    /// <summary>Why a cell was left unread, as <see cref="UnreadReason"/> names it.</summary>
    private static string Reason(string reason, bool es) => reason switch
    {
        UnreadReason.SecondValue => es ? "su etiqueta ya tiene un valor más arriba o a la izquierda" : "its label already has a value above or left of it",
        UnreadReason.NoLabel => es ? "no hay ninguna etiqueta arriba ni a la izquierda de ella en el bloque" : "no label stands above or left of it in its block",
        UnreadReason.RepeatedLabel => es ? "es una etiqueta repetida en el bloque" : "it repeats a label of its block",
        UnreadReason.OutsideColumns => es ? "su columna no pertenece a ninguna columna de la tabla" : "its column is not one of the table's columns",
        UnreadReason.OutsideBlocks => es ? "está fuera de todo bloque de acción y de toda hoja resumen" : "it stands outside every action block and summary sheet",
        UnreadReason.DiffersFromFirstRow => es ? "difiere del valor que la primera fila de la acción da a esa columna" : "it differs from the value the action's first row gives that column",
        _ => reason,
    };

    /// <summary>The reasons an <see cref="FindingCodes.UnreadCell"/> gives.</summary>
    public static class UnreadReason
    {
        public const string SecondValue = "second-value";
        public const string NoLabel = "no-label";
        public const string RepeatedLabel = "repeated-label";
        public const string OutsideColumns = "outside-columns";
        public const string OutsideBlocks = "outside-blocks";
        public const string DiffersFromFirstRow = "differs-from-first-row";
    }

    /// <summary>Pesos with two decimals and thousands separators, in both languages: $4,181,100.00.</summary>
    internal static string Money(decimal amount) => Model.Money.Format(amount);

    /// <summary>Quantities as the POA writes them: 4,400 or 12.5.</summary>
    internal static string Quantity(decimal value) => value.ToString("#,##0.##########", CultureInfo.InvariantCulture);

    /// <summary>An amount as a parameter: two decimals, whatever scale the source gave it (4181100.00).</summary>
    internal static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A quantity as a parameter: no trailing zeros (4400, 12.5).</summary>
    internal static string Count(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private readonly struct Values(Finding finding)
    {
        public string this[string name] => finding.Parameter(name) ?? "?";

        public bool Has(string name) => finding.Parameter(name) is not null;

        public string Money(string name) =>
            decimal.TryParse(this[name], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? FindingMessages.Money(amount) : this[name];

        public string Quantity(string name) =>
            decimal.TryParse(this[name], NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? FindingMessages.Quantity(value) : this[name];

        public string Short(string name)
        {
            var text = this[name].ReplaceLineEndings(" ");
            return text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
        }

        public string Department(bool es) => finding.Department is { } name ? (es ? $"«{name}»" : $"\"{name}\"") : (es ? "la secretaría" : "the department");

        public string Place(bool es) =>
            new CellPlace(finding.Sheet, finding.Line ?? 0, finding.Column ?? 0).Describe(es ? FindingLanguage.Spanish : FindingLanguage.English);

        /// <summary>A line named by a parameter, on the finding's sheet when it has one.</summary>
        public string Where(bool es, string name) => finding.Sheet is { } sheet
            ? (es ? $"fila {this[name]} de la hoja {CellPlace.SheetReference(sheet)}" : $"row {this[name]} of sheet {CellPlace.SheetReference(sheet)}")
            : (es ? $"línea {this[name]}" : $"line {this[name]}");
    }
}
