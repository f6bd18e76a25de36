namespace PoaPlatform.Domain.Import;

/// <summary>What a workbook cell holds beyond its text: a number and how it is formatted.</summary>
internal enum CellKind : byte
{
    Text,
    Number,
    Currency,
    Percent,
    Date,
    Boolean,
    Error,
}

/// <summary>A workbook cell's stored value when it is not text.</summary>
internal readonly record struct CellValue(CellKind Kind, double Number);

/// <summary>What the rows of one input share: where each cell starts and ends in its row's text, and the input's
/// short texts (<see cref="CellTexts"/>).</summary>
internal sealed class RowCells(int[] starts, int[] ends, CellTexts texts)
{
    public int[] Starts { get; } = starts;

    public int[] Ends { get; } = ends;

    public CellTexts Texts { get; } = texts;
}

/// <summary>What a few rows hold beyond their cells' texts: a worksheet row its sheet, its stored values and its merged
/// cells; a text row whose quoted cells hold line breaks the line of each cell.</summary>
internal sealed record RowExtras(string? Sheet = null, int SheetIndex = 0, int[]? CellLines = null, CellValue[]? Values = null, int[]? SpanEnds = null);

/// <summary>
/// One row of the input: a line of tab-separated text or a row of a worksheet. Cells beyond the end read as empty.
/// Cells are spans of one string (the source text, or the row's own text when a cell was quoted), and the row is a
/// value of a few words in the array of the input's rows: a large text's rows are no objects for the collector to
/// trace and copy while the parse goes on (a text row has <see cref="RowExtras"/> only when its quoted cells hold
/// line breaks; a worksheet row always has them: its sheet, values and merged cells).
/// </summary>
internal readonly struct Row
{
    private readonly string _text;
    private readonly RowCells _cells;
    private readonly RowExtras? _extras;
    private readonly int _first;

    public Row(string text, RowCells cells, int first, int cellCount, int number, RowExtras? extras = null)
    {
        _text = text;
        _cells = cells;
        _first = first;
        CellCount = cellCount;
        Number = number;
        _extras = extras;
    }

    /// <summary>1-based line where the row starts in the text, or the row number in its sheet.</summary>
    public int Number { get; }

    /// <summary>The worksheet's name; null for text.</summary>
    public string? Sheet => _extras?.Sheet;

    /// <summary>Position of the sheet in the workbook; sections never cross sheets.</summary>
    public int SheetIndex => _extras?.SheetIndex ?? 0;

    public int CellCount { get; }

    /// <summary>The index of the row's first cell among all cells of the input (to mark cells as read).</summary>
    public int FirstOrdinal => _first;

    /// <summary>The trimmed cell at a 0-based column; empty when the row is shorter.</summary>
    public ReadOnlySpan<char> Cell(int column)
    {
        if ((uint)column >= (uint)CellCount)
            return default;
        var start = _cells.Starts[_first + column];
        return _text.AsSpan(start, _cells.Ends[_first + column] - start).Trim();
    }

    /// <summary>The trimmed cell as a string; a short text repeated in the input is one string (<see cref="CellTexts"/>).</summary>
    public string Text(int column) => _cells.Texts.Of(Cell(column));

    public bool IsEmpty(int column) => Cell(column).IsEmpty;

    /// <summary>The line where a cell starts: a quoted cell before it may hold line breaks.</summary>
    public int LineOf(int column) => _extras?.CellLines is { } lines && (uint)column < (uint)lines.Length ? lines[column] : Number;

    public CellPlace PlaceOf(int column) => new(Sheet, LineOf(column), column + 1);

    public CellKind KindOf(int column) => _extras?.Values is { } values && (uint)column < (uint)values.Length ? values[column].Kind : CellKind.Text;

    /// <summary>The last column a merged cell covers (its own column when it is not merged).</summary>
    public int SpanEnd(int column) => _extras?.SpanEnds is { } spans && (uint)column < (uint)spans.Length ? Math.Max(spans[column], column) : column;

    /// <summary>A number or an amount: a workbook's stored number as it is, text as spreadsheets write it ("$ 1,505.00", "$ -").</summary>
    public bool TryNumber(int column, out decimal value)
    {
        value = 0;
        switch (KindOf(column))
        {
            case CellKind.Number or CellKind.Currency or CellKind.Percent:
                var number = _extras!.Values![column].Number;
                if (double.IsNaN(number) || Math.Abs(number) >= CellValues.LimitAsDouble)
                    return false;
                value = (decimal)number;
                return true;
            case CellKind.Date or CellKind.Boolean or CellKind.Error:
                return false;
            default:
                return CellValues.TryParseNumber(Cell(column), out value);
        }
    }

    public int NonEmptyCount()
    {
        var count = 0;
        for (var column = 0; column < CellCount; column++)
        {
            if (!Cell(column).IsEmpty)
                count++;
        }
        return count;
    }

    /// <summary>The first non-empty column, or -1 for a blank row.</summary>
    public int FirstNonEmpty()
    {
        for (var column = 0; column < CellCount; column++)
        {
            if (!Cell(column).IsEmpty)
                return column;
        }
        return -1;
    }
}
