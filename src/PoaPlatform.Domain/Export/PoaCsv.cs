using System.Globalization;
using System.Text;
using PoaPlatform.Domain.Import;

namespace PoaPlatform.Domain.Export;

/// <summary>
/// One row per activity with its action's fields and ENE..DIC (<see cref="PoaFlatLayout.ProgrammingHeader"/>), RFC 4180
/// quoting, CRLF. Written as UTF-8 with a BOM because Excel only reads accents right with one. Texts that a spreadsheet
/// would run as a formula are neutralised (<see cref="FormulaGuard"/>); numbers are written as plain numbers.
/// </summary>
public static class PoaCsv
{
    /// <summary>UTF-8 with BOM.</summary>
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static readonly IReadOnlyList<string> Header = PoaFlatLayout.ProgrammingHeader;

    /// <summary>The CSV text, without the BOM (add <see cref="Encoding"/>'s preamble when writing bytes).</summary>
    public static string Serialize(PoaDocument document)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(document, writer);
        return writer.ToString();
    }

    /// <summary>Writes the CSV text to a writer; the caller chooses the encoding.</summary>
    public static void Write(PoaDocument document, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(writer);
        WriteRow(writer, Header);
        var cells = new List<string>(Header.Count);
        foreach (var department in document.Departments)
        {
            foreach (var action in department.Actions)
            {
                if (action.Activities.Count == 0)
                {
                    WriteRow(writer, ActionCells(cells, document.Year, department, action, null));
                    continue;
                }
                foreach (var activity in action.Activities)
                    WriteRow(writer, ActionCells(cells, document.Year, department, action, activity));
            }
        }
    }

    /// <summary>Writes the file as UTF-8 with BOM.</summary>
    public static void WriteFile(PoaDocument document, string path)
    {
        using var writer = new StreamWriter(path, append: false, Encoding);
        Write(document, writer);
    }

    private static List<string> ActionCells(List<string> cells, int year, Department department, PoaAction action, Activity? activity)
    {
        cells.Clear();
        cells.Add(Number(year));
        cells.Add(FormulaGuard.Neutralise(department.Name));
        cells.Add(Number(action.Number));
        cells.Add(FormulaGuard.Neutralise(action.Name));
        cells.Add(FormulaGuard.Neutralise(string.Join(" / ", action.Axes)));
        cells.Add(FormulaGuard.Neutralise(action.Goal));
        cells.Add(FormulaGuard.Neutralise(action.Objective));
        cells.Add(FormulaGuard.Neutralise(action.Strategy));
        cells.Add(FormulaGuard.Neutralise(action.Purpose));
        cells.Add(Number(action.Beneficiaries.Men));
        cells.Add(Number(action.Beneficiaries.Women));
        cells.Add(Money(action.Investment));
        cells.Add(FormulaGuard.Neutralise(string.Join(", ", action.BudgetItems.Select(b => b.Code))));
        if (activity is null)
        {
            for (var i = 0; i < 6 + 12 + PoaFlatLayout.ActivitySheetColumns.Count; i++)
                cells.Add("");
            AddActionSheet(cells, action);
            return cells;
        }
        cells.Add(FormulaGuard.Neutralise(activity.Description));
        cells.Add(FormulaGuard.Neutralise(activity.ResponsibleArea));
        cells.Add(FormulaGuard.Neutralise(activity.Unit));
        cells.Add(FormulaGuard.Neutralise(activity.Indicator));
        cells.Add(Money(activity.Investment));
        cells.Add(Quantity(activity.AnnualTarget));
        foreach (var month in activity.Monthly)
            cells.Add(Quantity(month));
        cells.Add(FormulaGuard.Neutralise(activity.FundingSource ?? ""));
        AddSheet(cells, activity.IndicatorSheet);
        AddActionSheet(cells, action);
        return cells;
    }

    private static void AddActionSheet(List<string> cells, PoaAction action)
    {
        cells.Add(FormulaGuard.Neutralise(action.Indicator));
        AddSheet(cells, action.IndicatorSheet);
    }

    private static void AddSheet(List<string> cells, IndicatorSheet? sheet)
    {
        foreach (var value in PoaFlatLayout.SheetValues(sheet))
            cells.Add(value is decimal number ? Quantity(number) : FormulaGuard.Neutralise((string?)value ?? ""));
    }

    /// <summary>One record, quoted as RFC 4180 says where a cell needs it. Neutralising formula-like text
    /// (<see cref="FormulaGuard"/>) is the caller's: only it knows which cells are text.</summary>
    public static void WriteRow(TextWriter writer, IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
                writer.Write(',');
            WriteCell(writer, cells[i]);
        }
        writer.Write("\r\n");
    }

    private static void WriteCell(TextWriter writer, string cell)
    {
        if (cell.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(cell);
            return;
        }
        writer.Write('"');
        writer.Write(cell.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Quantity(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
