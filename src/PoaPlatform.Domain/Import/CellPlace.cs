using System.Globalization;
using System.Text;

namespace PoaPlatform.Domain.Import;

/// <summary>Where a cell stands: line and column of a text, or sheet, row and column of a workbook ('Acción 3'!F13).</summary>
/// <param name="Sheet">The worksheet's name; null for text.</param>
/// <param name="Line">1-based line of the text (where the cell starts), or row of the sheet.</param>
/// <param name="Column">1-based column: the tab-separated cell of a line, or A = 1 in a sheet.</param>
public readonly record struct CellPlace(string? Sheet, int Line, int Column)
{
    public override string ToString() => Describe(FindingLanguage.English);

    /// <summary>"line 17, column 7" (línea 17, columna 7) for text; "'Acción 3'!F13" for a workbook.</summary>
    public string Describe(FindingLanguage language) => Sheet is null
        ? language == FindingLanguage.Spanish
            ? string.Create(CultureInfo.InvariantCulture, $"línea {Line}, columna {Column}")
            : string.Create(CultureInfo.InvariantCulture, $"line {Line}, column {Column}")
        : string.Create(CultureInfo.InvariantCulture, $"{SheetReference(Sheet)}!{ColumnName(Column)}{Line}");

    /// <summary>A sheet name as a formula writes it: quoted, with quotes doubled.</summary>
    public static string SheetReference(string sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        return "'" + sheet.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>1 → A, 27 → AA, 16384 → XFD.</summary>
    public static string ColumnName(int column)
    {
        if (column < 1)
            return "?";
        var name = new StringBuilder();
        for (var n = column; n > 0; n = (n - 1) / 26)
            name.Insert(0, (char)('A' + (n - 1) % 26));
        return name.ToString();
    }
}
