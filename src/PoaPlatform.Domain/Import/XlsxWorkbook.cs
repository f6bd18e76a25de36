using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PoaPlatform.Domain.Import;

/// <summary>
/// Reads the cells of an .xlsx workbook, every sheet in workbook order, into the rows the parser reads. The Open XML SDK
/// opens the package (parts, relationships, workbook, styles); each worksheet is streamed (no DOM of the sheet); keeps numbers as numbers with the kind their format
/// gives them (pesos, percentage, date), merged cells as their top-left cell and the columns they cover.
/// See docs/decisions/0005-excel-import-and-export.md for why the SDK and not MiniExcel.
/// </summary>
internal static class XlsxWorkbook
{
    /// <summary>Cells kept in memory at most (a sheet's rows are dense up to their last cell): far beyond any POA,
    /// and it keeps a hostile workbook (one cell at XFD1048576) from taking the server's memory.</summary>
    private const long MaxCells = 50_000_000;

    private sealed class Sheet(string name, int index)
    {
        public string Name { get; } = name;

        public int Index { get; } = index;

        public List<(int Row, int Column, string Text, CellValue Value)> Cells { get; } = [];

        public Dictionary<(int Row, int Column), int> Merges { get; } = [];
    }

    public static PoaReadResult Read(Stream stream)
    {
        var sheets = new List<Sheet>();
        try
        {
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { AutoSave = false });
            var workbookPart = document.WorkbookPart ?? throw Damaged("it has no workbook part");
            var workbook = workbookPart.Workbook ?? throw Damaged("it has no workbook");
            var date1904 = workbook.WorkbookProperties?.Date1904?.Value == true;
            var strings = SharedStrings(workbookPart);
            var styles = Styles(workbookPart);
            foreach (var entry in workbook.Sheets?.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>() ?? [])
            {
                if (entry.Id?.Value is not { } id || !workbookPart.TryGetPartById(id, out var part) || part is not WorksheetPart worksheet)
                    continue;
                var sheet = new Sheet(entry.Name?.Value ?? $"Hoja{sheets.Count + 1}", sheets.Count);
                ReadSheet(worksheet, sheet, strings, styles, date1904);
                sheets.Add(sheet);
            }
        }
        catch (PoaFormatException)
        {
            throw;
        }
        catch (OutOfMemoryException)
        {
            throw;
        }
#pragma warning disable CA1031 // A damaged package can fail in any layer of the SDK (zip, XML, packaging): each is the same answer to the user.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new PoaFormatException(
                $"The workbook cannot be opened: it is damaged or not an .xlsx file ({e.GetType().Name}: {e.Message}). " +
                "Open it in Excel and save it again as \"Libro de Excel (*.xlsx)\", or export the sheets as \"Texto Unicode (*.txt)\".", e);
        }
        if (sheets.Count == 0)
            throw Damaged("it has no worksheet");
        var rows = Rows(sheets);
        return PoaParser.Parse(rows, [.. sheets.Select(s => s.Name)]);
    }

    private static PoaFormatException Damaged(string why) =>
        new($"The workbook cannot be read: {why}. Open it in Excel and save it again as \"Libro de Excel (*.xlsx)\".");

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CloseInput = true,
    };

    private static string[] SharedStrings(WorkbookPart workbook)
    {
        if (workbook.SharedStringTablePart is not { } part)
            return [];
        var strings = new List<string>();
        var text = new StringBuilder();
        using var xml = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), XmlSettings);
        var more = xml.Read();
        while (more)
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                switch (xml.LocalName)
                {
                    case "si":
                        text.Clear();
                        if (xml.IsEmptyElement)
                            strings.Add("");
                        break;
                    case "rPh":
                        // Phonetic runs (furigana) are not part of the text.
                        xml.Skip();
                        more = !xml.EOF;
                        continue;
                    case "t":
                        text.Append(xml.ReadElementContentAsString());
                        more = !xml.EOF;
                        continue;
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "si")
            {
                strings.Add(XlsxText.Unescape(text.ToString()));
            }
            more = xml.Read();
        }
        return [.. strings];
    }

    /// <summary>The kind and decimals of each cell format (index of cellXfs).</summary>
    private static (CellKind Kind, int Decimals)[] Styles(WorkbookPart workbook)
    {
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is not { } formats)
            return [];
        var codes = new Dictionary<uint, string>();
        foreach (var format in stylesheet.NumberingFormats?.Elements<NumberingFormat>() ?? [])
        {
            if (format.NumberFormatId?.Value is { } id && format.FormatCode?.Value is { } code)
                codes[id] = code;
        }
        return [.. formats.Elements<CellFormat>().Select(xf =>
        {
            var id = xf.NumberFormatId?.Value ?? 0;
            return NumberFormats.Classify(id, codes.TryGetValue(id, out var code) ? code : null);
        })];
    }

    /// <summary>Streams a worksheet's XML: the SDK opens the package and its parts; the cells are read with an
    /// XmlReader on the part, which allocates a fraction of what the SDK's element reader does (see the benchmark).</summary>
    private static void ReadSheet(WorksheetPart part, Sheet sheet, string[] strings, (CellKind Kind, int Decimals)[] styles, bool date1904)
    {
        using var xml = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), XmlSettings);
        var rowNumber = 0;
        var column = 0;
        string? reference = null, type = null;
        var style = 0;
        string? value = null;
        StringBuilder? inline = null;
        var inCell = false;
        var more = xml.Read();
        while (more)
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                switch (xml.LocalName)
                {
                    case "row":
                        rowNumber = xml.GetAttribute("r") is { } r ? Number(r, 1_048_576, sheet, "row number") : rowNumber + 1;
                        column = 0;
                        break;
                    case "c":
                        reference = xml.GetAttribute("r");
                        type = xml.GetAttribute("t");
                        style = xml.GetAttribute("s") is { } s ? Number(s, int.MaxValue, sheet, "style index", allowZero: true) : 0;
                        value = null;
                        inline = null;
                        inCell = !xml.IsEmptyElement;
                        if (!inCell)
                            EndCell();
                        break;
                    case "v" when inCell:
                        value = xml.ReadElementContentAsString();
                        more = !xml.EOF;
                        continue;
                    case "rPh":
                        xml.Skip();
                        more = !xml.EOF;
                        continue;
                    case "t" when inCell:
                        (inline ??= new StringBuilder()).Append(xml.ReadElementContentAsString());
                        more = !xml.EOF;
                        continue;
                    case "mergeCell" when xml.GetAttribute("ref") is { } range:
                        var colon = range.IndexOf(':', StringComparison.Ordinal);
                        if (colon > 0)
                        {
                            var (top, left) = Reference(range[..colon], sheet);
                            var (_, right) = Reference(range[(colon + 1)..], sheet);
                            sheet.Merges[(top, left)] = right;
                        }
                        break;
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "c" && inCell)
            {
                inCell = false;
                EndCell();
            }
            more = xml.Read();
        }

        void EndCell()
        {
            var (row, col) = reference is null ? (Math.Max(rowNumber, 1), column + 1) : Reference(reference, sheet);
            rowNumber = row;
            column = col;
            Add(sheet, row, col, type, style, value, inline?.ToString(), strings, styles, date1904);
        }
    }

    /// <summary>One cell's text and stored value, as its type (t) and format (s) say.</summary>
    private static void Add(Sheet sheet, int row, int column, string? type, int style, string? value, string? inline,
        string[] strings, (CellKind Kind, int Decimals)[] styles, bool date1904)
    {
        var place = new CellPlace(sheet.Name, row, column);
        switch (type)
        {
            case "s":
                if (value is null)
                    return;
                var index = Number(value, int.MaxValue, sheet, "shared string index", allowZero: true, place);
                if (index >= strings.Length)
                    throw new PoaFormatException($"The workbook is damaged: the cell refers to shared text number {index}, but the workbook has {strings.Length}. Save it again from Excel.", place, value);
                sheet.Cells.Add((row, column, strings[index], default));
                return;
            case "inlineStr":
                sheet.Cells.Add((row, column, XlsxText.Unescape(inline ?? value ?? ""), default));
                return;
            case "str":
                sheet.Cells.Add((row, column, XlsxText.Unescape(value ?? ""), default));
                return;
            case "e":
                sheet.Cells.Add((row, column, value ?? "#N/A", new CellValue(CellKind.Error, 0)));
                return;
            case "b":
                if (value is not ("0" or "1" or "true" or "false"))
                    throw new PoaFormatException("The workbook is damaged: a truth-value cell holds something else. Save it again from Excel.", place, value);
                var truth = value is "1" or "true" ? 1 : 0;
                sheet.Cells.Add((row, column, NumberFormats.Display(CellKind.Boolean, 0, truth, date1904), new CellValue(CellKind.Boolean, truth)));
                return;
            case "d":
                if (value is null)
                    return;
                if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var moment))
                    throw new PoaFormatException("The workbook is damaged: a date cell does not hold a date. Save it again from Excel.", place, value);
                var serial = moment.ToOADate();
                sheet.Cells.Add((row, column, NumberFormats.Display(CellKind.Date, 0, serial, false), new CellValue(CellKind.Date, serial)));
                return;
            case null or "n":
                if (value is null)
                    return;
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                    throw new PoaFormatException("The workbook is damaged: a number cell does not hold a number. Save it again from Excel.", place, value);
                var (kind, decimals) = style < styles.Length ? styles[style] : (CellKind.Number, 0);
                sheet.Cells.Add((row, column, NumberFormats.Display(kind, decimals, number, date1904), new CellValue(kind, number)));
                return;
            default:
                throw new PoaFormatException($"The workbook is damaged: a cell has the unknown type \"{type}\". Save it again from Excel.", place, value);
        }
    }

    /// <summary>"F13" → (13, 6).</summary>
    private static (int Row, int Column) Reference(string reference, Sheet sheet)
    {
        var i = 0;
        var column = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i]))
        {
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            i++;
            if (column > 16_384)
                break;
        }
        if (i == 0 || column > 16_384 || !int.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row is < 1 or > 1_048_576)
            throw new PoaFormatException($"The workbook is damaged: \"{reference}\" is not a cell reference. Save it again from Excel.", new CellPlace(sheet.Name, 0, 0), reference);
        return (row, column);
    }

    private static int Number(string text, int max, Sheet sheet, string what, bool allowZero = false, CellPlace? place = null)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > max || (!allowZero && number < 1))
            throw new PoaFormatException($"The workbook is damaged: \"{text}\" is not a {what}. Save it again from Excel.", place ?? new CellPlace(sheet.Name, 0, 0), text);
        return number;
    }

    /// <summary>The parser's rows: each sheet's cells sorted and dense up to each row's last cell, one text per sheet.</summary>
    private static Row[] Rows(List<Sheet> sheets)
    {
        long total = 0;
        foreach (var sheet in sheets)
        {
            sheet.Cells.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : a.Column.CompareTo(b.Column));
            foreach (var group in sheet.Cells.GroupBy(c => c.Row))
                total += group.Max(c => c.Column);
        }
        if (total > MaxCells)
            throw new PoaFormatException($"The workbook has more than {MaxCells:N0} cells within its rows' used ranges: far more than a POA; check that no sheet has stray cells far to the right.");

        var starts = new int[total];
        var ends = new int[total];
        var rows = new List<Row>();
        var rowCells = new RowCells(starts, ends, new CellTexts());
        var used = 0;
        foreach (var sheet in sheets)
        {
            var text = new StringBuilder();
            var pending = new List<(int Number, int First, int Count, CellValue[]? Values, int[]? Spans)>();
            var cells = sheet.Cells;
            for (var i = 0; i < cells.Count;)
            {
                var number = cells[i].Row;
                var count = 0;
                for (var j = i; j < cells.Count && cells[j].Row == number; j++)
                    count = cells[j].Column;
                var first = used;
                CellValue[]? values = null;
                int[]? spans = null;
                for (var column = 1; column <= count; column++)
                {
                    starts[used + column - 1] = ends[used + column - 1] = text.Length;
                }
                for (; i < cells.Count && cells[i].Row == number; i++)
                {
                    var (_, column, cellText, value) = cells[i];
                    var slot = used + column - 1;
                    starts[slot] = text.Length;
                    text.Append(cellText);
                    ends[slot] = text.Length;
                    if (value.Kind != CellKind.Text)
                        (values ??= new CellValue[count])[column - 1] = value;
                    if (sheet.Merges.TryGetValue((number, column), out var right))
                        (spans ??= new int[count])[column - 1] = right - 1;
                }
                used += count;
                pending.Add((number, first, count, values, spans));
            }
            var sheetText = text.ToString();
            foreach (var (number, first, count, values, spans) in pending)
                rows.Add(new Row(sheetText, rowCells, first, count, number, new RowExtras(sheet.Name, sheet.Index, Values: values, SpanEnds: spans)));
        }
        return [.. rows];
    }
}
