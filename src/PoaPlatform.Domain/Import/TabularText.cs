namespace PoaPlatform.Domain.Import;

/// <summary>One line of tab-separated text. Cells beyond the end of the line read as empty.</summary>
/// <remarks>Cell starts of all lines share one array, so a line costs one small object rather than an array of its own.</remarks>
internal sealed class Row
{
    private readonly string _text;
    private readonly int[] _cellStarts;
    private readonly int _firstCell;
    private readonly int _end;

    private Row(string text, int[] cellStarts, int firstCell, int cellCount, int end, int number)
    {
        _text = text;
        _cellStarts = cellStarts;
        _firstCell = firstCell;
        CellCount = cellCount;
        _end = end;
        Number = number;
    }

    /// <summary>1-based line number in the source text.</summary>
    public int Number { get; }

    public int CellCount { get; }

    /// <summary>The trimmed cell at a 0-based column; empty when the line is shorter.</summary>
    public ReadOnlySpan<char> Cell(int column)
    {
        if ((uint)column >= (uint)CellCount)
            return default;
        var start = _cellStarts[_firstCell + column];
        var end = column + 1 < CellCount ? _cellStarts[_firstCell + column + 1] - 1 : _end;
        return _text.AsSpan(start, end - start).Trim();
    }

    public string Text(int column) => Cell(column).ToString();

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

    /// <summary>The first non-empty column, or -1 for a blank line.</summary>
    public int FirstNonEmpty()
    {
        for (var column = 0; column < CellCount; column++)
        {
            if (!Cell(column).IsEmpty)
                return column;
        }
        return -1;
    }

    /// <summary>Splits text on CRLF, LF or CR (Excel for Mac still writes CR) and each line on tabs.</summary>
    public static Row[] Split(string text)
    {
        // Every line break starts a row and every tab a cell, so this is enough and never needs to grow.
        var lineCount = text.AsSpan().Count('\n') + text.AsSpan().Count('\r') + 1;
        var rows = new List<Row>(lineCount);
        var cellStarts = new int[text.AsSpan().Count('\t') + lineCount];
        var used = 0;
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var number = 1;
        while (true)
        {
            var rest = text.AsSpan(start);
            var length = rest.IndexOfAny('\r', '\n');
            var end = length < 0 ? text.Length : start + length;
            var firstCell = used;
            cellStarts[used++] = start;
            for (var tab = text.IndexOf('\t', start, end - start); tab >= 0; tab = text.IndexOf('\t', tab + 1, end - tab - 1))
                cellStarts[used++] = tab + 1;
            rows.Add(new Row(text, cellStarts, firstCell, used - firstCell, end, number++));
            if (length < 0)
                break;
            start = end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
        }
        return [.. rows];
    }
}
