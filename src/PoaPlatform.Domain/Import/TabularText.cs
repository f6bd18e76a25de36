namespace PoaPlatform.Domain.Import;

/// <summary>One line of tab-separated text, split into cells once. Cells beyond the end of the line read as empty.</summary>
internal sealed class Row
{
    private readonly string _text;
    private readonly int _start;
    private readonly Range[] _cells;

    private Row(string text, int start, Range[] cells, int number)
    {
        _text = text;
        _start = start;
        _cells = cells;
        Number = number;
    }

    /// <summary>1-based line number in the source text.</summary>
    public int Number { get; }

    public int CellCount => _cells.Length;

    /// <summary>The trimmed cell at a 0-based column; empty when the line is shorter.</summary>
    public ReadOnlySpan<char> Cell(int column) =>
        (uint)column < (uint)_cells.Length ? _text.AsSpan(_start)[_cells[column]].Trim() : default;

    public string Text(int column) => Cell(column).ToString();

    public int NonEmptyCount()
    {
        var count = 0;
        for (var column = 0; column < _cells.Length; column++)
        {
            if (!Cell(column).IsEmpty)
                count++;
        }
        return count;
    }

    /// <summary>The first non-empty column, or -1 for a blank line.</summary>
    public int FirstNonEmpty()
    {
        for (var column = 0; column < _cells.Length; column++)
        {
            if (!Cell(column).IsEmpty)
                return column;
        }
        return -1;
    }

    public bool IsBlank => FirstNonEmpty() < 0;

    /// <summary>Splits text on CRLF, LF or CR (Excel for Mac still writes CR) and each line on tabs.</summary>
    public static Row[] Split(string text)
    {
        var rows = new List<Row>(text.Length / 64 + 1);
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var number = 1;
        while (true)
        {
            var rest = text.AsSpan(start);
            var end = rest.IndexOfAny('\r', '\n');
            var line = end < 0 ? rest : rest[..end];
            var cells = new Range[line.Count('\t') + 1];
            line.Split(cells, '\t');
            rows.Add(new Row(text, start, cells, number++));
            if (end < 0)
                break;
            start += end + (rest[end] == '\r' && end + 1 < rest.Length && rest[end + 1] == '\n' ? 2 : 1);
        }
        return [.. rows];
    }
}
