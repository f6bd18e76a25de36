using System.Buffers;
using System.Text;

namespace PoaPlatform.Domain.Import;

/// <summary>
/// Splits tab-separated text as Excel writes it ("Texto (delimitado por tabulaciones)", "Texto Unicode"): rows end at
/// CRLF, LF or CR (Excel for Mac still writes CR); a cell that starts with a quote is quoted — it may hold tabs, line
/// breaks and doubled quotes ("") — and ends at the next lone quote.
/// </summary>
internal static class TabularText
{
    /// <summary>The rows of <paramref name="text"/>, and their cells in two arrays as large as the text's cells, in arrays
    /// rented from the shared pools (a large file's would otherwise be new large-object-heap arrays on every read, and
    /// bring a full collection with them). Dispose it once no row is used any more.</summary>
    public static PooledRows SplitPooled(string text)
    {
        var span = text.AsSpan();
        var lineBreaks = span.Count('\n') + span.Count('\r') + 1;
        // Every line break starts a row and every tab a cell outside quotes: enough, and never needs to grow.
        var capacity = span.Count('\t') + lineBreaks;
        var starts = ArrayPool<int>.Shared.Rent(capacity);
        var ends = ArrayPool<int>.Shared.Rent(capacity);
        var rows = ArrayPool<Row>.Shared.Rent(lineBreaks);
        try
        {
            return new PooledRows(new ArraySegment<Row>(rows, 0, SplitInto(text, new RowCells(starts, ends, new CellTexts()), rows)), starts, ends);
        }
        catch
        {
            new PooledRows(rows, starts, ends).Dispose();
            throw;
        }
    }

    /// <summary>Splits the text into <paramref name="rows"/> (one place per line break, enough); the number of rows.</summary>
    private static int SplitInto(string text, RowCells cells, Row[] rows)
    {
        var (starts, ends) = (cells.Starts, cells.Ends);
        var span = text.AsSpan();
        var quoted = span.IndexOf('"') >= 0;
        var lines = quoted ? new List<int>() : null;
        var count = 0;
        var used = 0;
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        while (true)
        {
            var rowLine = line;
            var first = used;
            StringBuilder? own = null;
            lines?.Clear();
            while (true)
            {
                var column = used - first;
                lines?.Add(line);
                int end;
                if (quoted && position < text.Length && text[position] == '"')
                {
                    own ??= OwnText(text, starts, ends, first, used);
                    var cellLine = line;
                    var contentStart = own.Length;
                    var next = position + 1;
                    while (true)
                    {
                        var quote = text.IndexOf('"', next);
                        if (quote < 0)
                        {
                            throw new PoaFormatException(
                                "A quoted cell starts here and never ends: its closing quote is missing (the file is cut short, or a quote inside the cell is not doubled as \"\").",
                                cellLine, column + 1, Shorten(text.AsSpan(position)));
                        }
                        own.Append(text, next, quote - next);
                        line += LineBreaks(span[next..quote]);
                        if (quote + 1 < text.Length && text[quote + 1] == '"')
                        {
                            own.Append('"');
                            next = quote + 2;
                            continue;
                        }
                        next = quote + 1;
                        break;
                    }
                    // Excel takes what follows the closing quote up to the tab as part of the cell; so do we.
                    end = EndOfCell(span, next);
                    own.Append(text, next, end - next);
                    starts[used] = contentStart;
                    ends[used] = own.Length;
                }
                else
                {
                    end = EndOfCell(span, position);
                    if (own is null)
                    {
                        starts[used] = position;
                        ends[used] = end;
                    }
                    else
                    {
                        starts[used] = own.Length;
                        own.Append(text, position, end - position);
                        ends[used] = own.Length;
                    }
                }
                used++;
                position = end;
                if (position < text.Length && text[position] == '\t')
                {
                    position++;
                    continue;
                }
                break;
            }
            var extras = CellLines(lines, rowLine) is { } cellLines ? new RowExtras(CellLines: cellLines) : null;
            rows[count++] = new Row(own?.ToString() ?? text, cells, first, used - first, rowLine, extras);
            if (position >= text.Length)
                break;
            position += text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1;
            line++;
        }
        return count;
    }

    private static int EndOfCell(ReadOnlySpan<char> text, int from)
    {
        var length = text[from..].IndexOfAny('\t', '\r', '\n');
        return length < 0 ? text.Length : from + length;
    }

    /// <summary>Moves the cells of a row read so far into the row's own text, where its quoted cells are unescaped.</summary>
    private static StringBuilder OwnText(string text, int[] starts, int[] ends, int first, int used)
    {
        var own = new StringBuilder();
        for (var i = first; i < used; i++)
        {
            var start = own.Length;
            own.Append(text, starts[i], ends[i] - starts[i]);
            starts[i] = start;
            ends[i] = own.Length;
        }
        return own;
    }

    /// <summary>The line of each cell, kept only for a row whose quoted cells hold line breaks.</summary>
    private static int[]? CellLines(List<int>? lines, int rowLine)
    {
        if (lines is null)
            return null;
        foreach (var line in lines)
        {
            if (line != rowLine)
                return [.. lines];
        }
        return null;
    }

    private static int LineBreaks(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                count++;
        }
        return count;
    }

    private static string Shorten(ReadOnlySpan<char> text)
    {
        var end = text.IndexOfAny('\r', '\n');
        var first = end < 0 ? text : text[..end];
        return first.Length <= 60 ? first.ToString() : string.Concat(first[..57], "...");
    }
}

/// <summary>Rows, and the arrays of their cells, rented from the shared pools: returned when disposed.</summary>
internal sealed class PooledRows(ArraySegment<Row> rows, int[] starts, int[] ends) : IDisposable
{
    public ArraySegment<Row> Rows => rows;

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(starts);
        ArrayPool<int>.Shared.Return(ends);
        // Cleared: a row holds its text, which the pool must not keep alive.
        ArrayPool<Row>.Shared.Return(rows.Array!, clearArray: true);
    }
}
