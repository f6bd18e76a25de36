using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PoaPlatform.Domain.Tests;

/// <summary>Edits of a workbook's cells through the Open XML SDK, as another program would save them.</summary>
internal static class WorkbookEdits
{
    /// <summary>Changes one cell of a sheet (creating it when missing) and returns the saved workbook.</summary>
    public static byte[] Edit(byte[] workbook, string sheetName, string reference, Action<Cell, WorkbookPart> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var part = document.WorkbookPart!;
            var sheet = part.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
            var worksheet = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet;
            var data = worksheet.GetFirstChild<SheetData>()!;
            var rowNumber = uint.Parse(new string([.. reference.SkipWhile(char.IsLetter)]), System.Globalization.CultureInfo.InvariantCulture);
            var row = data.Elements<Row>().FirstOrDefault(r => r.RowIndex?.Value == rowNumber);
            if (row is null)
            {
                row = new Row { RowIndex = rowNumber };
                var after = data.Elements<Row>().LastOrDefault(r => r.RowIndex!.Value < rowNumber);
                if (after is null)
                    data.PrependChild(row);
                else
                    after.InsertAfterSelf(row);
            }
            var cell = row.Elements<Cell>().FirstOrDefault(c => c.CellReference?.Value == reference);
            if (cell is null)
            {
                cell = new Cell { CellReference = reference };
                var column = Column(reference);
                var before = row.Elements<Cell>().FirstOrDefault(c => Column(c.CellReference!.Value!) > column);
                if (before is null)
                    row.Append(cell);
                else
                    before.InsertBeforeSelf(cell);
            }
            edit(cell, part);
            worksheet.Save();
        }
        return stream.ToArray();
    }

    public static void SetText(Cell cell, string text)
    {
        cell.RemoveAllChildren();
        cell.DataType = CellValues.InlineString;
        cell.InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    public static void SetNumber(Cell cell, double value, WorkbookPart part, string? format = null)
    {
        cell.RemoveAllChildren();
        cell.DataType = null;
        cell.CellValue = new CellValue(value);
        if (format is not null)
            cell.StyleIndex = Style(part, format);
    }

    /// <summary>A cell format with a number format code, added to the workbook's stylesheet.</summary>
    public static uint Style(WorkbookPart part, string format)
    {
        var stylesheet = part.WorkbookStylesPart!.Stylesheet;
        var formats = stylesheet.NumberingFormats ??= new NumberingFormats();
        var id = 200u + (uint)formats.ChildElements.Count;
        formats.Append(new NumberingFormat { NumberFormatId = id, FormatCode = format });
        formats.Count = (uint)formats.ChildElements.Count;
        var xfs = stylesheet.CellFormats!;
        xfs.Append(new CellFormat { NumberFormatId = id, ApplyNumberFormat = true });
        xfs.Count = (uint)xfs.ChildElements.Count;
        stylesheet.Save();
        return (uint)xfs.ChildElements.Count - 1;
    }

    private static int Column(string reference) =>
        reference.TakeWhile(char.IsLetter).Aggregate(0, (n, c) => n * 26 + (char.ToUpperInvariant(c) - 'A' + 1));
}
