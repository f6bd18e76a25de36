using System.Globalization;
using System.Text;
using MiniExcelLibs;
using PoaPlatform.Domain.Import;
using Xunit.Abstractions;

namespace PoaPlatform.Domain.Tests;

/// <summary>
/// The rule of the importer, as a property: every non-empty cell of the input is either read into the model (the
/// document, its summary sheets) or reported as an UNREAD_CELL finding with its place and value — never dropped.
/// Documents are generated with every placement the rule allows, random empty rows and columns, quoted cells (tabs,
/// line breaks, quotes) and stray cells; the generator knows what each cell is, so the test checks each one.
/// </summary>
public class CellAccountingPropertyTests(ITestOutputHelper output)
{
    private const int TextRuns = 1000;
    private const int WorkbookRuns = 200;

    private static readonly string[][] Groups =
    [
        ["SECRETARÍA", "NOMBRE DE LA ACCIÓN", "BENEFICIARIOS"],
        ["EJE", "NÚMERO DE ACCIÓN", "META"],
        ["OBJETIVO ESPECÍFICO", "INVERSIÓN APROXIMADA"],
        ["ESTRATEGIA", "PROPÓSITO", "PARTIDA PRESUPUESTAL"],
    ];

    private enum What { Structure, Value, Stray }

    /// <summary>A non-empty cell the generator placed, what it is, and for a value how to find it in what was read.</summary>
    private sealed record Expected(int Row, int Column, string Text, What What, Func<PoaReadResult, string>? Actual = null);

    private sealed class Grid
    {
        public List<List<string>> Rows { get; } = [];

        public List<Expected> Cells { get; } = [];

        public int AddRow()
        {
            Rows.Add([]);
            return Rows.Count - 1;
        }

        public void Set(int row, int column, string text, What what, Func<PoaReadResult, string>? actual = null)
        {
            var cells = Rows[row];
            while (cells.Count <= column)
                cells.Add("");
            Assert.True(cells[column].Length == 0, $"generator placed two cells at {row},{column}");
            cells[column] = text;
            if (text.Trim().Length > 0)
                Cells.Add(new Expected(row, column, text, what, actual));
        }
    }

    [Fact]
    public void EveryNonEmptyCellOfAGeneratedTextIsReadOrReportedWithItsPlace() => Run(TextRuns, workbook: false);

    [Fact]
    public void EveryNonEmptyCellOfAGeneratedWorkbookIsReadOrReportedWithItsPlace() => Run(WorkbookRuns, workbook: true);

    private void Run(int runs, bool workbook)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("POA_FUZZ_SEED"), CultureInfo.InvariantCulture, out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"POA_FUZZ_SEED={seed}");
        var random = new Random(seed);
        int cells = 0, strays = 0;
        for (var run = 0; run < runs; run++)
        {
            var grid = Generate(random);
            PoaReadResult read;
            Dictionary<(int, int), CellPlace> places;
            string input;
            if (workbook)
            {
                (var bytes, places) = AsWorkbook(grid);
                input = "(workbook)";
                read = PoaReader.ReadWithSource(new MemoryStream(bytes), "poa.xlsx");
            }
            else
            {
                (input, places) = AsText(grid);
                read = PoaReader.ReadWithSource(input);
            }
            var unread = read.Document.Findings.Where(f => f.Code == FindingCodes.UnreadCell)
                .ToDictionary(f => new CellPlace(f.Sheet, f.Line!.Value, f.Column!.Value), f => f.Parameter("value"));
            foreach (var cell in grid.Cells)
            {
                var place = places[(cell.Row, cell.Column)];
                var why = $"run {run} (POA_FUZZ_SEED={seed}), {cell.What} \"{cell.Text}\" at {place}:\n{input}";
                switch (cell.What)
                {
                    case What.Value:
                        Assert.False(unread.ContainsKey(place), why);
                        Assert.True(cell.Text.Trim() == cell.Actual!(read), $"{why}\nread as \"{cell.Actual!(read)}\"");
                        break;
                    case What.Stray:
                        Assert.True(unread.TryGetValue(place, out var value) && value == cell.Text.Trim(), why);
                        strays++;
                        break;
                    default:
                        Assert.False(unread.ContainsKey(place), why);
                        break;
                }
                cells++;
            }
            Assert.True(unread.Count == grid.Cells.Count(c => c.What == What.Stray),
                $"run {run} (POA_FUZZ_SEED={seed}): unexpected unread cells {string.Join(", ", unread.Keys)}:\n{input}");
        }
        output.WriteLine($"{runs} documents, {cells} non-empty cells checked, {strays} of them strays reported as unread");
    }

    private static Grid Generate(Random random)
    {
        var grid = new Grid();
        var shift = random.Next(3);
        var department = "Secretaría " + Word(random);
        if (random.Next(3) == 0)
            grid.Set(grid.AddRow(), random.Next(4), "nota " + Text(random, allowEmpty: false), What.Stray);
        var numbers = Enumerable.Range(1, 60).OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray();
        for (var a = 0; a < numbers.Length; a++)
            Block(grid, random, shift, department, numbers[a], a);
        if (random.Next(10) < 7)
            Summary(grid, random, shift, numbers);
        return grid;
    }

    private static void Block(Grid grid, Random random, int shift, string department, int number, int index)
    {
        for (var blank = random.Next(1, 3); blank > 0; blank--)
            grid.AddRow();
        grid.Set(grid.AddRow(), shift, "PROGRAMA OPERATIVO ANUAL 2021", What.Structure);
        for (var blank = random.Next(3); blank > 0; blank--)
            grid.AddRow();

        PoaAction Action(PoaReadResult read) => read.Document.Departments.Single().Actions.First(x => x.Number == number && read.SourceOf(x) is { IsSummaryOnly: false });
        var values = new Dictionary<string, (string Text, Func<PoaReadResult, string> Actual)>
        {
            ["SECRETARÍA"] = (department, r => r.Document.Departments.Single().Name),
            ["NOMBRE DE LA ACCIÓN"] = (Text(random), r => Action(r).Name),
            ["BENEFICIARIOS"] = (random.Next(4) == 0 ? "" : $"{random.Next(10_000)} H / {random.Next(10_000)} M", r => Action(r).Beneficiaries == Beneficiaries.None ? "" : Action(r).Beneficiaries.ToString()),
            ["EJE"] = (Text(random).Replace(" / ", " ", StringComparison.Ordinal), r => string.Join(" / ", Action(r).Axes)),
            ["NÚMERO DE ACCIÓN"] = (number.ToString(CultureInfo.InvariantCulture), r => Action(r).Number.ToString(CultureInfo.InvariantCulture)),
            ["META"] = (Text(random), r => Action(r).Goal),
            ["OBJETIVO ESPECÍFICO"] = (Text(random), r => Action(r).Objective),
            ["INVERSIÓN APROXIMADA"] = (random.Next(3) == 0 ? "" : Money(random.Next(1_000_000) / 100m), r => Action(r).Investment == 0 ? "" : Money(Action(r).Investment)),
            ["ESTRATEGIA"] = (Text(random), r => Action(r).Strategy),
            ["PROPÓSITO"] = (Text(random), r => Action(r).Purpose),
            ["PARTIDA PRESUPUESTAL"] = (random.Next(3) == 0 ? "" : string.Join(", ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture))),
                r => string.Join(", ", Action(r).BudgetItems.Select(b => b.Code))),
        };
        if (values["BENEFICIARIOS"].Text.Length == 0 || values["BENEFICIARIOS"].Text.StartsWith("0 H / 0 M", StringComparison.Ordinal))
            values["BENEFICIARIOS"] = ("", values["BENEFICIARIOS"].Actual);
        if (values["INVERSIÓN APROXIMADA"].Text == Money(0))
            values["INVERSIÓN APROXIMADA"] = ("", values["INVERSIÓN APROXIMADA"].Actual);

        foreach (var group in Groups)
        {
            var columns = new int[group.Length];
            columns[0] = shift;
            for (var j = 1; j < group.Length; j++)
                columns[j] = columns[j - 1] + random.Next(2, 6);
            var labelRow = grid.AddRow();
            for (var r = 0; r < 3; r++)
                grid.AddRow();
            for (var j = 0; j < group.Length; j++)
            {
                var label = group[j];
                var (text, actual) = values[label];
                var last = j == group.Length - 1;
                var placement = random.Next(last && label == "PARTIDA PRESUPUESTAL" ? 5 : 3);
                switch (placement)
                {
                    case 3 when text.Length > 0:
                        // Inline: the codes in the label cell itself.
                        grid.Set(labelRow, columns[j], $"{label} {text}", What.Value, r => "PARTIDA PRESUPUESTAL " + actual(r));
                        continue;
                    case 4:
                        // The label on the other labels' value row, its value below it.
                        grid.Set(labelRow + 1, columns[j], label, What.Structure);
                        if (text.Length > 0)
                            grid.Set(labelRow + 2, columns[j], text, What.Value, actual);
                        continue;
                }
                grid.Set(labelRow, columns[j], label, What.Structure);
                if (text.Length == 0)
                    continue;
                var gap = last ? 3 : columns[j + 1] - columns[j];
                switch (placement)
                {
                    case 0:
                        grid.Set(labelRow + 1, columns[j] + random.Next(gap), text, What.Value, actual);
                        break;
                    case 1:
                        grid.Set(labelRow + 2, columns[j] + random.Next(gap), text, What.Value, actual);
                        break;
                    default:
                        grid.Set(labelRow, columns[j] + 1 + random.Next(gap - 1), text, What.Value, actual);
                        break;
                }
            }
            // A second value under the first label, and a cell left of every label: neither is read.
            if (values[group[0]].Text.Length > 0 && random.Next(4) == 0)
                grid.Set(labelRow + 3, columns[0], "otra " + Text(random, allowEmpty: false), What.Stray);
            if (shift > 0 && random.Next(4) == 0)
                grid.Set(labelRow + 3, 0, "suelta " + Text(random, allowEmpty: false), What.Stray);
        }

        var header = grid.AddRow();
        string[] activityLabels = ["ACTIVIDAD", "ÁREA RESPONSABLE", "UNIDAD DE MEDIDA", "INVERSIÓN APROX. POR ACTIVIDAD", "INDICADOR", "PROGRAMACIÓN ANUAL", "PROGRAMACIÓN MENSUAL"];
        for (var k = 0; k < activityLabels.Length; k++)
            grid.Set(header, shift + k, activityLabels[k], What.Structure);
        var months = grid.AddRow();
        for (var m = 0; m < 12; m++)
            grid.Set(months, shift + 6 + m, MonthlyValues.MonthNames[m], What.Structure);
        var activities = random.Next(4);
        for (var k = 0; k < activities; k++)
        {
            if (random.Next(4) == 0)
                grid.AddRow();
            var row = grid.AddRow();
            var id = k;
            Activity Of(PoaReadResult r) => Action(r).Activities[id];
            grid.Set(row, shift, "act " + Text(random, allowEmpty: false), What.Value, r => Of(r).Description);
            grid.Set(row, shift + 1, Text(random), What.Value, r => Of(r).ResponsibleArea);
            grid.Set(row, shift + 2, Text(random), What.Value, r => Of(r).Unit);
            var investment = random.Next(100_000);
            grid.Set(row, shift + 3, Money(investment), What.Value, r => Money(Of(r).Investment));
            grid.Set(row, shift + 4, Text(random), What.Value, r => Of(r).Indicator);
            grid.Set(row, shift + 5, random.Next(1, 1000).ToString(CultureInfo.InvariantCulture), What.Value, r => Quantity(Of(r).AnnualTarget));
            for (var m = 0; m < 12; m++)
            {
                var month = m;
                grid.Set(row, shift + 6 + m, random.Next(3) == 0 ? "" : random.Next(1, 100).ToString(CultureInfo.InvariantCulture), What.Value, r => Quantity(Of(r).Monthly[month]));
            }
            if (random.Next(4) == 0)
                grid.Set(row, shift + 18 + random.Next(3), "extra " + Text(random, allowEmpty: false), What.Stray);
        }
    }

    private static void Summary(Grid grid, Random random, int shift, int[] numbers)
    {
        grid.AddRow();
        grid.Set(grid.AddRow(), shift, "DESPACHO " + Word(random).ToUpperInvariant(), What.Structure);
        var header = grid.AddRow();
        grid.Set(header, shift + 1, "ACCIÓN", What.Structure);
        grid.Set(header, shift + 2, "INVERSIÓN", What.Structure);
        var listed = numbers.Where(_ => random.Next(5) > 0).Append(100 + random.Next(50)).ToArray();
        foreach (var number in listed)
        {
            var row = grid.AddRow();
            var at = grid.Cells.Count;
            SummaryRow Of(PoaReadResult r) => r.Departments.Single().SummarySheets.Single().Rows.Single(x => x.Number == number);
            grid.Set(row, shift, number.ToString(CultureInfo.InvariantCulture), What.Value, r => Of(r).Number.ToString(CultureInfo.InvariantCulture));
            grid.Set(row, shift + 1, Text(random), What.Value, r => Of(r).Name);
            grid.Set(row, shift + 2, Money(random.Next(100_000)), What.Value, r => Money(Of(r).Investment));
        }
        var total = grid.AddRow();
        grid.Set(total, shift + 1, "Total", What.Structure);
        grid.Set(total, shift + 2, Money(random.Next(100_000)), What.Value, r => Money(r.Departments.Single().SummarySheets.Single().Total!.Value));
    }

    private static string Money(decimal amount) => PoaPlatform.Domain.Model.Money.Format(amount);

    private static string Quantity(decimal value) => value == 0 ? "" : value.ToString(CultureInfo.InvariantCulture);

    private static string Word(Random random) => new([.. Enumerable.Range(0, random.Next(3, 9)).Select(_ => "abcdeéfghiíjlmnñoóprstuúvz"[random.Next(26)])]);

    /// <summary>Words, sometimes with a tab, a line break or quotes inside; never a label of the layout.</summary>
    private static string Text(Random random, bool allowEmpty = true)
    {
        if (allowEmpty && random.Next(6) == 0)
            return "";
        var text = new StringBuilder("v");
        for (var w = random.Next(1, 5); w > 0; w--)
        {
            text.Append(Word(random));
            text.Append(random.Next(12) switch { 0 => "\t", 1 => "\n", 2 => "\"", 3 => ", ", _ => " " });
        }
        text.Append(Word(random));
        return text.ToString();
    }

    /// <summary>Tab-separated text with Excel's quoting, and the line and column where each cell starts.</summary>
    private static (string Text, Dictionary<(int, int), CellPlace> Places) AsText(Grid grid)
    {
        var text = new StringBuilder();
        var places = new Dictionary<(int, int), CellPlace>();
        var line = 1;
        for (var r = 0; r < grid.Rows.Count; r++)
        {
            var cells = grid.Rows[r];
            for (var c = 0; c < cells.Count; c++)
            {
                if (c > 0)
                    text.Append('\t');
                places[(r, c)] = new CellPlace(null, line, c + 1);
                var cell = cells[c];
                if (cell.AsSpan().IndexOfAny("\t\n\"") >= 0)
                    text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                else
                    text.Append(cell);
                line += cell.Count(ch => ch == '\n');
            }
            text.Append('\n');
            line++;
        }
        return (text.ToString(), places);
    }

    /// <summary>The same grid as a workbook written by MiniExcel, one sheet.</summary>
    private static (byte[] Bytes, Dictionary<(int, int), CellPlace> Places) AsWorkbook(Grid grid)
    {
        var width = Math.Max(1, grid.Rows.Max(r => r.Count));
        var rows = grid.Rows.Select(cells =>
        {
            var row = new Dictionary<string, object?>();
            for (var c = 0; c < width; c++)
                row[CellPlace.ColumnName(c + 1)] = c < cells.Count && cells[c].Length > 0 ? cells[c] : null;
            return row;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { ["POA"] = rows }, printHeader: false);
        var places = new Dictionary<(int, int), CellPlace>();
        for (var r = 0; r < grid.Rows.Count; r++)
        {
            for (var c = 0; c < grid.Rows[r].Count; c++)
                places[(r, c)] = new CellPlace("POA", r + 1, c + 1);
        }
        return (stream.ToArray(), places);
    }
}
