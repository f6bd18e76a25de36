using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using PoaPlatform.Domain.Import;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace PoaPlatform.Domain.Export;

/// <summary>
/// Writes .xlsx workbooks: the seed layout (one sheet per action block, then each department's summary sheet) and the
/// flat layout (one row per activity with its action's fields, ENE..DIC and the reported progress). Amounts are numeric
/// cells in es-MX pesos (the summary's in the accounting format, "$ -" for zero), quantities numeric; header rows are
/// frozen and columns sized as an office sizes them. Text is always stored as text, never as a formula, and text that
/// a spreadsheet would take for one (=, +, -, @) carries Excel's quote prefix. Both read back to the same model.
/// </summary>
public static class PoaXlsx
{
    private const string PesosFormat = "\"$\"#,##0.00";
    private const string AccountingFormat = "_-\"$\"* #,##0.00_-;-\"$\"* #,##0.00_-;_-\"$\"* \"-\"??_-;_-@_-";
    private const string QuantityFormat = "#,##0.##########;-#,##0.##########;\"-\"";

    // Cell formats (cellXfs) of the stylesheet below.
    private const uint Plain = 0, Label = 1, Pesos = 2, Accounting = 3, Quantity = 4, Wrapped = 5, Guarded = 6, Heading = 7, Whole = 8, Date = 9;
    private const string DateFormat = "dd/mm/yyyy";
    private static readonly DateOnly s_dayZero = new(1899, 12, 30);

    /// <summary>The seed layout: a sheet per detailed action ("Acción 3"), then the department's summary sheet ("Resumen").</summary>
    public static void Write(PoaDocument document, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(stream);
        using var workbook = new WorkbookWriter(stream);
        var several = document.Departments.Count > 1;
        for (var d = 0; d < document.Departments.Count; d++)
        {
            var department = document.Departments[d];
            var prefix = several ? string.Create(CultureInfo.InvariantCulture, $"S{d + 1:00} ") : "";
            foreach (var action in department.Actions.Where(PoaWriter.HasDetail))
                workbook.Add($"{prefix}Acción {action.Number}", sheet => WriteBlock(sheet, document.Year, department, action));
            workbook.Add($"{prefix}Resumen", sheet => WriteSummary(sheet, department));
        }
    }

    /// <summary>The flat layout on one sheet ("POA"): <see cref="PoaFlatLayout.WorkbookHeader"/>, one row per activity.</summary>
    public static void WriteFlat(PoaDocument document, Stream stream, IReadOnlyList<ReportedProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(stream);
        var reported = (progress ?? []).ToLookup(p => (p.Department, p.ActionNumber, p.ActivityId));
        using var workbook = new WorkbookWriter(stream);
        workbook.Add("POA", sheet =>
        {
            var header = PoaFlatLayout.WorkbookHeader;
            sheet.Freeze(1);
            sheet.Columns([.. header.Select(Width)]);
            sheet.Begin();
            sheet.Row(1, [.. header.Select((h, i) => (i + 1, (object)h, Label))]);
            var row = 2;
            foreach (var department in document.Departments)
            {
                foreach (var action in department.Actions)
                {
                    if (action.Activities.Count == 0)
                    {
                        sheet.Row(row++, FlatCells(document.Year, department, action, null, []));
                        continue;
                    }
                    foreach (var activity in action.Activities)
                        sheet.Row(row++, FlatCells(document.Year, department, action, activity, reported[(department.Name, action.Number, activity.Id)]));
                }
            }
        });
    }

    /// <summary>A plain table on one sheet: a frozen header row, then one row per item; a cell is text, a number
    /// (<see cref="decimal"/>: whole numbers as such, others with their decimals) or a date (<see cref="DateOnly"/>, a
    /// real date cell shown dd/mm/yyyy), and text that looks like a formula is stored as text (quote prefix). For
    /// archives and lists that are not a POA (the audit trail, the transparency formats).</summary>
    public static void WriteTable(Stream stream, string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object>> rows)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        using var workbook = new WorkbookWriter(stream);
        workbook.Add(sheetName, sheet =>
        {
            sheet.Freeze(1);
            sheet.Columns([.. header.Select(h => Math.Clamp(h.Length + 4, 12, 40d))]);
            sheet.Begin();
            sheet.Row(1, [.. header.Select((h, i) => (i + 1, (object)h, Label))]);
            var row = 2;
            foreach (var cells in rows)
                sheet.Row(row++, [.. cells.Select((c, i) => (i + 1, c, c switch
                {
                    decimal d when d == decimal.Truncate(d) => Whole,
                    decimal => Quantity,
                    DateOnly => Date,
                    _ => Plain,
                }))]);
        });
    }

    private static double Width(string header) => header switch
    {
        PoaFlatLayout.Department or PoaFlatLayout.ActionName or PoaFlatLayout.Activity or PoaFlatLayout.Goal or PoaFlatLayout.Objective
            or PoaFlatLayout.Strategy or PoaFlatLayout.Purpose => 40,
        PoaFlatLayout.Axes or PoaFlatLayout.ResponsibleArea or PoaFlatLayout.Indicator or PoaFlatLayout.BudgetItems => 28,
        PoaFlatLayout.ActionInvestment or PoaFlatLayout.ActivityInvestment => 18,
        _ when header.StartsWith(PoaFlatLayout.NotePrefix + " ", StringComparison.Ordinal) => 24,
        _ when header.StartsWith(PoaFlatLayout.ExercisedPrefix + " ", StringComparison.Ordinal) => 14,
        _ => 11,
    };

    private static List<(int, object, uint)> FlatCells(int year, Department department, PoaAction action, Activity? activity, IEnumerable<ReportedProgress> progress)
    {
        var cells = new List<(int, object, uint)>
        {
            (1, (decimal)year, Whole), (2, department.Name, Wrapped), (3, (decimal)action.Number, Whole), (4, action.Name, Wrapped),
            (5, string.Join(" / ", action.Axes), Wrapped), (6, action.Goal, Wrapped), (7, action.Objective, Wrapped), (8, action.Strategy, Wrapped),
            (9, action.Purpose, Wrapped), (10, (decimal)action.Beneficiaries.Men, Whole), (11, (decimal)action.Beneficiaries.Women, Whole),
            (12, action.Investment, Pesos), (13, string.Join(", ", action.BudgetItems.Select(b => b.Code)), Wrapped),
        };
        void AddSheet(string firstColumn, IndicatorSheet? sheet)
        {
            var column = Column(firstColumn);
            foreach (var value in PoaFlatLayout.SheetValues(sheet))
            {
                if (value is decimal number)
                    cells.Add((column, number, Quantity));
                else if (value is string { Length: > 0 } text)
                    cells.Add((column, text, Wrapped));
                column++;
            }
        }
        if (action.Indicator.Length > 0)
            cells.Add((Column(PoaFlatLayout.ActionIndicator), action.Indicator, Wrapped));
        AddSheet(PoaFlatLayout.SheetColumns[0] + PoaFlatLayout.ActionSuffix, action.IndicatorSheet);
        if (activity is null)
        {
            cells.Sort((a, b) => a.Item1.CompareTo(b.Item1));
            return cells;
        }
        if (activity.FundingSource is { Length: > 0 } source)
            cells.Add((Column(PoaFlatLayout.FundingSource), source, Plain));
        AddSheet(PoaFlatLayout.SheetColumns[0], activity.IndicatorSheet);
        cells.AddRange([(14, (decimal)activity.Id, Whole), (15, activity.Description, Wrapped), (16, activity.ResponsibleArea, Wrapped),
            (17, activity.Unit, Wrapped), (18, activity.Indicator, Wrapped), (19, activity.Investment, Pesos), (20, activity.AnnualTarget, Quantity)]);
        for (var m = 0; m < 12; m++)
            cells.Add((21 + m, activity.Monthly[m], Quantity));
        foreach (var month in progress)
        {
            cells.Add((32 + month.Month, month.Achieved, Quantity));
            cells.Add((44 + month.Month, month.Exercised, Pesos));
            if (month.Note is { Length: > 0 } note)
                cells.Add((56 + month.Month, note, Wrapped));
            foreach (var (moment, prefix) in PoaFlatLayout.MomentPrefixes)
            {
                if (month.Of(moment) != 0)
                    cells.Add((Column($"{prefix} {MonthlyValues.MonthNames[month.Month - 1]}"), month.Of(moment), Pesos));
            }
        }
        cells.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return cells;
    }

    private static readonly Dictionary<string, int> s_flatColumns =
        PoaFlatLayout.WorkbookHeader.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i + 1, StringComparer.Ordinal);

    /// <summary>The 1-based column of a flat workbook's header.</summary>
    private static int Column(string header) => s_flatColumns[header];

    private static void WriteBlock(SheetWriter sheet, int year, Department department, PoaAction action)
    {
        sheet.Freeze(12);
        sheet.Columns([60, 28, 16, 18, 32, 14, .. Enumerable.Repeat(9.0, 12)]);
        sheet.Begin();
        sheet.Row(1, [(1, $"PROGRAMA OPERATIVO ANUAL {year.ToString(CultureInfo.InvariantCulture)}", Heading)]);
        Pair(sheet, 3, ("SECRETARÍA", department.Name), ("NOMBRE DE LA ACCIÓN", action.Name), ("BENEFICIARIOS", action.Beneficiaries.ToString()));
        Pair(sheet, 5, ("EJE", string.Join(" / ", action.Axes)), ("NÚMERO DE ACCIÓN", (decimal)action.Number), ("META", action.Goal));
        Pair(sheet, 7, ("OBJETIVO ESPECÍFICO", action.Objective), ("INVERSIÓN APROXIMADA", action.Investment), null);
        Pair(sheet, 9, ("ESTRATEGIA", action.Strategy), ("PROPÓSITO", action.Purpose),
            ("PARTIDA PRESUPUESTAL", string.Join(", ", action.BudgetItems.Select(b => b.Code))));
        sheet.Row(11, [(1, "ACTIVIDAD", Label), (2, "ÁREA RESPONSABLE", Label), (3, "UNIDAD DE MEDIDA", Label), (4, "INVERSIÓN APROX. POR ACTIVIDAD", Label),
            (5, "INDICADOR", Label), (6, "PROGRAMACIÓN ANUAL", Label), (7, "PROGRAMACIÓN MENSUAL", Label)]);
        sheet.Merge(11, 7, 18);
        sheet.Row(12, [.. MonthlyValues.MonthNames.Select((m, i) => (7 + i, (object)m, Label))]);
        var row = 13;
        foreach (var activity in action.Activities)
        {
            var cells = new List<(int, object, uint)>
            {
                (1, activity.Description, Wrapped), (2, activity.ResponsibleArea, Wrapped), (3, activity.Unit, Wrapped),
                (4, activity.Investment, Pesos), (5, activity.Indicator, Wrapped), (6, activity.AnnualTarget, Quantity),
            };
            for (var m = 0; m < 12; m++)
                cells.Add((7 + m, activity.Monthly[m], Quantity));
            sheet.Row(row++, cells);
        }
    }

    /// <summary>A label row and its value row at columns A (merged A:F), G (G:H) and I (I:R), as the seed places them.</summary>
    private static void Pair(SheetWriter sheet, int row, (string Label, object Value) first, (string Label, object Value) second, (string Label, object Value)? third)
    {
        var labels = new List<(int, object, uint)> { (1, first.Label, Label), (7, second.Label, Label) };
        var values = new List<(int, object, uint)> { (1, first.Value, Wrapped), (7, second.Value, second.Value is decimal && second.Label.StartsWith("INV", StringComparison.Ordinal) ? Pesos : second.Value is decimal ? Whole : Wrapped) };
        if (third is { } t)
        {
            labels.Add((9, t.Label, Label));
            values.Add((9, t.Value, Wrapped));
        }
        sheet.Row(row, labels);
        sheet.Row(row + 1, values);
        foreach (var r in new[] { row, row + 1 })
        {
            sheet.Merge(r, 1, 6);
            sheet.Merge(r, 7, 8);
            if (third is not null)
                sheet.Merge(r, 9, 18);
        }
    }

    private static void WriteSummary(SheetWriter sheet, Department department)
    {
        sheet.Freeze(2);
        sheet.Columns([10, 60, 22]);
        sheet.Begin();
        sheet.Row(1, [(1, department.Name.ToUpperInvariant(), Heading)]);
        sheet.Row(2, [(2, "ACCIÓN", Label), (3, "INVERSIÓN", Label)]);
        var row = 3;
        decimal total = 0;
        foreach (var action in department.Actions)
        {
            total += action.Investment;
            sheet.Row(row++, [(1, (decimal)action.Number, Whole), (2, action.Name, Wrapped), (3, action.Investment, Accounting)]);
        }
        sheet.Row(row, [(2, "Total", Label), (3, total, Accounting)]);
    }

    private sealed class WorkbookWriter : IDisposable
    {
        private readonly SpreadsheetDocument _package;
        private readonly WorkbookPart _workbook;
        private readonly X.Sheets _sheets = new();
        private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

        public WorkbookWriter(Stream stream)
        {
            _package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
            _workbook = _package.AddWorkbookPart();
            _workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Stylesheet();
        }

        public void Add(string name, Action<SheetWriter> write)
        {
            var part = _workbook.AddNewPart<WorksheetPart>();
            using (var sheet = new SheetWriter(part))
            {
                write(sheet);
                sheet.End();
            }
            _sheets.Append(new X.Sheet { Id = _workbook.GetIdOfPart(part), SheetId = (uint)_sheets.ChildElements.Count + 1, Name = Unique(name) });
        }

        // Sheet names are unique (ignoring case) and at most 31 characters.
        private string Unique(string name)
        {
            var candidate = name.Length <= 31 ? name : name[..31];
            for (var n = 2; !_names.Add(candidate); n++)
            {
                var suffix = string.Create(CultureInfo.InvariantCulture, $" ({n})");
                candidate = (name.Length + suffix.Length <= 31 ? name : name[..(31 - suffix.Length)]) + suffix;
            }
            return candidate;
        }

        public void Dispose()
        {
            _workbook.Workbook = new X.Workbook(_sheets);
            _package.Dispose();
        }
    }

    /// <summary>Streams one worksheet: views and columns, then rows, then merges (the order the schema requires).</summary>
    private sealed class SheetWriter(WorksheetPart part) : IDisposable
    {
        private readonly OpenXmlWriter _writer = OpenXmlWriter.Create(part);
        private readonly List<string> _merges = [];
        private int _frozenRows;
        private double[] _widths = [];

        public void Freeze(int rows) => _frozenRows = rows;

        public void Columns(double[] widths) => _widths = widths;

        public void Merge(int row, int first, int last) =>
            _merges.Add($"{CellPlace.ColumnName(first)}{row.ToString(CultureInfo.InvariantCulture)}:{CellPlace.ColumnName(last)}{row.ToString(CultureInfo.InvariantCulture)}");

        public void Begin()
        {
            _writer.WriteStartElement(new X.Worksheet());
            var view = new X.SheetView { WorkbookViewId = 0 };
            if (_frozenRows > 0)
            {
                var topLeft = "A" + (_frozenRows + 1).ToString(CultureInfo.InvariantCulture);
                view.Append(new X.Pane { VerticalSplit = _frozenRows, TopLeftCell = topLeft, ActivePane = X.PaneValues.BottomLeft, State = X.PaneStateValues.Frozen });
                view.Append(new X.Selection { Pane = X.PaneValues.BottomLeft, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } });
            }
            _writer.WriteElement(new X.SheetViews(view));
            if (_widths.Length > 0)
            {
                var columns = new X.Columns();
                for (var i = 0; i < _widths.Length; i++)
                    columns.Append(new X.Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = _widths[i], CustomWidth = true });
                _writer.WriteElement(columns);
            }
            _writer.WriteStartElement(new X.SheetData());
        }

        public void Row(int number, IEnumerable<(int Column, object Value, uint Style)> cells)
        {
            var reference = number.ToString(CultureInfo.InvariantCulture);
            _writer.WriteStartElement(new X.Row { RowIndex = (uint)number });
            foreach (var (column, value, style) in cells)
            {
                var cell = new X.Cell { CellReference = CellPlace.ColumnName(column) + reference };
                switch (value)
                {
                    case decimal amount:
                        cell.CellValue = new X.CellValue(amount);
                        cell.StyleIndex = style;
                        break;
                    case DateOnly date:
                        // The serial day number of the 1900 date system (day 0 = 1899-12-30, as every office counts).
                        cell.CellValue = new X.CellValue((decimal)(date.DayNumber - s_dayZero.DayNumber));
                        cell.StyleIndex = style;
                        break;
                    case string text when text.Length == 0:
                        continue;
                    case string text:
                        cell.DataType = X.CellValues.InlineString;
                        cell.InlineString = new X.InlineString(new X.Text(XlsxText.Escape(text)) { Space = SpaceProcessingModeValues.Preserve });
                        cell.StyleIndex = FormulaGuard.IsDangerous(text) ? Guarded : style;
                        break;
                    default:
                        throw new ArgumentException($"A cell holds text or a number, not {value.GetType().Name}.", nameof(cells));
                }
                _writer.WriteElement(cell);
            }
            _writer.WriteEndElement();
        }

        public void End()
        {
            _writer.WriteEndElement();
            if (_merges.Count > 0)
                _writer.WriteElement(new X.MergeCells(_merges.Select(m => new X.MergeCell { Reference = m })) { Count = (uint)_merges.Count });
            _writer.WriteEndElement();
        }

        public void Dispose() => _writer.Dispose();
    }

    private static X.Stylesheet Stylesheet() => new(
        new X.NumberingFormats(
            new X.NumberingFormat { NumberFormatId = 164, FormatCode = PesosFormat },
            new X.NumberingFormat { NumberFormatId = 165, FormatCode = AccountingFormat },
            new X.NumberingFormat { NumberFormatId = 166, FormatCode = QuantityFormat },
            new X.NumberingFormat { NumberFormatId = 167, FormatCode = DateFormat }) { Count = 4 },
        new X.Fonts(
            new X.Font(new X.FontSize { Val = 11 }, new X.FontName { Val = "Calibri" }),
            new X.Font(new X.Bold(), new X.FontSize { Val = 11 }, new X.FontName { Val = "Calibri" }),
            new X.Font(new X.Bold(), new X.FontSize { Val = 14 }, new X.FontName { Val = "Calibri" })) { Count = 3 },
        new X.Fills(
            new X.Fill(new X.PatternFill { PatternType = X.PatternValues.None }),
            new X.Fill(new X.PatternFill { PatternType = X.PatternValues.Gray125 }),
            new X.Fill(new X.PatternFill(new X.ForegroundColor { Rgb = "FFD9E1F2" }) { PatternType = X.PatternValues.Solid })) { Count = 3 },
        new X.Borders(new X.Border()) { Count = 1 },
        new X.CellStyleFormats(new X.CellFormat()) { Count = 1 },
        new X.CellFormats(
            new X.CellFormat(),
            new X.CellFormat(new X.Alignment { WrapText = true, Vertical = X.VerticalAlignmentValues.Center }) { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true, ApplyAlignment = true },
            new X.CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new X.CellFormat { NumberFormatId = 165, ApplyNumberFormat = true },
            new X.CellFormat { NumberFormatId = 166, ApplyNumberFormat = true },
            new X.CellFormat(new X.Alignment { WrapText = true, Vertical = X.VerticalAlignmentValues.Top }) { ApplyAlignment = true },
            new X.CellFormat(new X.Alignment { WrapText = true, Vertical = X.VerticalAlignmentValues.Top }) { ApplyAlignment = true, QuotePrefix = true },
            new X.CellFormat { FontId = 2, ApplyFont = true },
            new X.CellFormat { NumberFormatId = 3, ApplyNumberFormat = true },
            new X.CellFormat { NumberFormatId = 167, ApplyNumberFormat = true }) { Count = 10 });
}
