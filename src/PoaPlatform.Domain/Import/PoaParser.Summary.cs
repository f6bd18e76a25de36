using static PoaPlatform.Domain.Findings.FindingMessages;

namespace PoaPlatform.Domain.Import;

internal sealed partial class PoaParser
{
    /// <summary>Reads a summary sheet (optional department line, ACCIÓN / INVERSIÓN header, rows, Total).</summary>
    private int ReadSummarySheet(int start)
    {
        var i = start;
        var heading = "";
        if (_kinds[i] == Kind.SummaryHeading)
        {
            var first = _rows[i].FirstNonEmpty();
            heading = _rows[i].Text(first);
            Read(_rows[i], first);
            i = NextNonBlank(i + 1, _rows.Count);
        }
        var header = _rows[i];
        var nameColumn = FindColumn(header, Labels.SummaryAction);
        var investmentColumn = FindColumn(header, Labels.SummaryInvestment);
        Read(header, nameColumn);
        Read(header, investmentColumn);
        MarkOthers(header, UnreadReason.OutsideColumns);
        // The number column has no label in the seed: it is the one left of ACCIÓN.
        var numberColumn = nameColumn - 1;
        if (numberColumn < 0)
            throw new PoaFormatException("The summary sheet needs the action numbers in the column left of ACCIÓN.", header.PlaceOf(nameColumn), "ACCIÓN");

        var rows = new List<SummaryRow>();
        decimal? total = null;
        int? totalLine = null;
        var sheet = header.SheetIndex;
        for (i++; i < _rows.Count && _kinds[i] is Kind.Blank or Kind.Content && _rows[i].SheetIndex == sheet; i++)
        {
            var row = _rows[i];
            if (_kinds[i] == Kind.Blank)
                continue;
            if (Labels.Is(row.Cell(nameColumn), Labels.Total) || Labels.Is(row.Cell(numberColumn), Labels.Total))
            {
                total = Number(row, investmentColumn, "The summary Total");
                totalLine = row.Number;
                Read(row, Labels.Is(row.Cell(nameColumn), Labels.Total) ? nameColumn : numberColumn);
                Read(row, investmentColumn);
                MarkOthers(row, UnreadReason.OutsideColumns);
                i++;
                break;
            }
            if (!CellValues.TryParseActionNumber(row.Cell(numberColumn), out var number))
                throw new PoaFormatException("A summary row must start with its action number.", row.PlaceOf(numberColumn), Shorten(row.Text(numberColumn)));
            rows.Add(new SummaryRow(number, row.Text(nameColumn), Number(row, investmentColumn, "INVERSIÓN"), row.Number));
            Read(row, numberColumn);
            Read(row, nameColumn);
            Read(row, investmentColumn);
            MarkOthers(row, UnreadReason.OutsideColumns);
        }

        _sheets.Add((_actions.Count, new SummarySheet(heading, header.Number, rows, total, totalLine, header.Sheet, numberColumn + 1, investmentColumn + 1)));
        if (_actions.Count > 0)
            AssignDepartment(start, i, _actions[^1].Department);
        return i;
    }
}
