using System.Globalization;
using System.Text;

namespace PoaPlatform.Domain.Import;

/// <summary>
/// Writes a POA back in the seed layout: one block per detailed action, then each department's summary sheet with its Total.
/// The blank lines and columns follow the seed, so the lines of the seed's first blocks (and their findings) stay the same.
/// </summary>
public static class PoaWriter
{
    private const string Tabs6 = "\t\t\t\t\t\t";

    public static string Write(PoaDocument document)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(document, writer);
        return writer.ToString();
    }

    /// <summary>Writes LF-ended lines; a text with a tab, a line break or a leading quote is quoted as Excel quotes it.</summary>
    public static void Write(PoaDocument document, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("\n\n\n\n");
        foreach (var department in document.Departments)
        {
            foreach (var action in department.Actions)
            {
                if (HasDetail(action))
                    WriteBlock(writer, document.Year, department, action);
            }
            WriteSummarySheet(writer, department);
        }
    }

    /// <summary>Writes the file as UTF-8 without BOM.</summary>
    public static void WriteFile(PoaDocument document, string path) =>
        File.WriteAllText(path, Write(document), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    /// <summary>Whether an action needs a block: summary-only actions carry nothing beyond number, name and investment.</summary>
    public static bool HasDetail(PoaAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Activities.Count > 0 || action.Axes.Count > 0 || action.BudgetItems.Count > 0 ||
               action.Goal.Length > 0 || action.Objective.Length > 0 || action.Strategy.Length > 0 || action.Purpose.Length > 0 ||
               action.Beneficiaries != Beneficiaries.None;
    }

    private static void WriteBlock(TextWriter writer, int year, Department department, PoaAction action)
    {
        Line(writer, $"PROGRAMA OPERATIVO ANUAL {year}");
        Line(writer, "");
        Line(writer, $"SECRETARÍA{Tabs6}NOMBRE DE LA ACCIÓN\t\tBENEFICIARIOS");
        Line(writer, $"{Clean(department.Name)}{Tabs6}{Clean(action.Name)}\t\t{action.Beneficiaries}");
        Line(writer, $"EJE{Tabs6}NÚMERO DE ACCIÓN\t\tMETA");
        Line(writer, $"{Clean(string.Join(" / ", action.Axes))}{Tabs6}{Number(action.Number)}\t\t{Clean(action.Goal)}");
        Line(writer, $"OBJETIVO ESPECÍFICO{Tabs6}INVERSIÓN APROXIMADA");
        Line(writer, $"{Clean(action.Objective)}{Tabs6}{Money.Format(action.Investment)}");
        Line(writer, $"ESTRATEGIA{Tabs6}PROPÓSITO\t\tPARTIDA PRESUPUESTAL");
        Line(writer, $"{Clean(action.Strategy)}{Tabs6}{Clean(action.Purpose)}\t\t{string.Join(", ", action.BudgetItems.Select(b => Clean(b.Code)))}");
        Line(writer, "ACTIVIDAD\tÁREA RESPONSABLE\tUNIDAD DE MEDIDA\tINVERSIÓN APROX. POR ACTIVIDAD\tINDICADOR\tPROGRAMACIÓN ANUAL\tPROGRAMACIÓN MENSUAL");
        Line(writer, Tabs6 + string.Join('\t', MonthlyValues.MonthNames));
        foreach (var activity in action.Activities)
        {
            writer.Write($"{Clean(activity.Description)}\t{Clean(activity.ResponsibleArea)}\t{Clean(activity.Unit)}\t");
            writer.Write($"{Money.Format(activity.Investment)}\t{Clean(activity.Indicator)}\t{Quantity(activity.AnnualTarget)}");
            foreach (var month in activity.Monthly)
                writer.Write($"\t{(month == 0 ? "-" : Quantity(month))}");
            writer.Write('\n');
        }
        writer.Write("\n\n\n");
    }

    private static void WriteSummarySheet(TextWriter writer, Department department)
    {
        Line(writer, Clean(department.Name.ToUpperInvariant()) + "\t\t");
        Line(writer, "\tACCIÓN\tINVERSIÓN");
        decimal total = 0;
        foreach (var action in department.Actions)
        {
            total += action.Investment;
            Line(writer, $"{Number(action.Number)}\t{Clean(action.Name)}\t{SummaryAmount(action.Investment)}");
        }
        Line(writer, $"\tTotal\t{SummaryAmount(total)}");
        writer.Write("\n\n");
    }

    // The seed's summary sheet writes "$ 487,160.00" and "$ -" for nothing, as Excel's accounting format does.
    private static string SummaryAmount(decimal amount) => amount == 0 ? "$ -" : Money.Format(amount).Replace("$", "$ ", StringComparison.Ordinal);

    private static void Line(TextWriter writer, string text)
    {
        writer.Write(text);
        writer.Write('\n');
    }

    /// <summary>A text as one cell: quoted, with its quotes doubled, when it holds a tab or a line break or starts with a quote.</summary>
    private static string Clean(string text) =>
        text.AsSpan().IndexOfAny("\t\r\n") < 0 && !text.StartsWith('"') ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quantity(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
