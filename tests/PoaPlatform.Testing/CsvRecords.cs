using System.Text;

namespace PoaPlatform.Testing;

/// <summary>Reads CSV as RFC 4180 writes it (commas between cells, CRLF after each record, quoted cells with "" for
/// a quote), strictly: tests read back what the platform writes, so a file that is not well formed throws.</summary>
public static class CsvRecords
{
    public static List<string[]> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = text.StartsWith('\uFEFF') ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                    cell.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"')
                    cell.Append(text[++i]);
                else
                    quoted = false;
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }
        if (quoted || row.Count > 0 || cell.Length > 0)
            throw new InvalidDataException("The CSV does not end with CRLF after its last record (or a quoted cell is open).");
        if (rows.FirstOrDefault(r => r.Length != rows[0].Length) is { } ragged)
            throw new InvalidDataException($"A record has {ragged.Length} cells where the first has {rows[0].Length}.");
        return rows;
    }
}
