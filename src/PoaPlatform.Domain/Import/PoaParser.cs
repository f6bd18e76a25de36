using static PoaPlatform.Domain.Findings.FindingMessages;

namespace PoaPlatform.Domain.Import;

/// <summary>
/// Reads the seed layout (action blocks and summary sheets) and the flat layout, from the rows of a text or of a
/// workbook's sheets. Every value is found through its label, never a fixed position, because each block of the seed
/// places its cells differently. Every non-empty cell is either read into the model or reported as an UNREAD_CELL
/// finding with its place and value: the parser marks each cell it reads, and what is left unmarked is reported.
/// </summary>
internal sealed partial class PoaParser
{
    private enum Kind { Blank, Heading, SummaryHeading, SummaryHeader, FlatHeader, Content }

    private readonly ArraySegment<Row> _rows;
    private readonly Kind[] _kinds;
    private readonly bool[] _read;
    private readonly Dictionary<int, string> _unreadReasons = [];
    private readonly string?[] _rowDepartments;
    private readonly IReadOnlyList<string> _sheetNames;
    private readonly List<ParsedAction> _actions = [];
    private readonly List<(int ActionsBefore, SummarySheet Sheet)> _sheets = [];
    private readonly List<ReportedProgress> _progress = [];
    private int? _year;

    private PoaParser(ArraySegment<Row> rows, IReadOnlyList<string> sheetNames)
    {
        _rows = rows;
        _sheetNames = sheetNames;
        _kinds = Classify(rows);
        var cells = rows.Count == 0 ? 0 : rows.Max(r => r.FirstOrdinal + r.CellCount);
        // One mark per cell of the whole input, rented (see TabularText.SplitPooled) and returned by Parse.
        _read = System.Buffers.ArrayPool<bool>.Shared.Rent(cells);
        Array.Clear(_read, 0, cells);
        _rowDepartments = new string?[rows.Count];
    }

    private sealed record ParsedAction(string Department, PoaAction Action, ActionSource Source);

    public static PoaReadResult Parse(string text)
    {
        // Nothing of a row outlives the parse (findings and the model copy the texts they keep).
        using var rows = TabularText.SplitPooled(text);
        return Parse(rows.Rows, []);
    }

    public static PoaReadResult Parse(ArraySegment<Row> rows, IReadOnlyList<string> sheetNames)
    {
        var parser = new PoaParser(rows, sheetNames);
        try
        {
            parser.ReadAll();
            return parser.Assemble();
        }
        finally
        {
            System.Buffers.ArrayPool<bool>.Shared.Return(parser._read);
        }
    }

    private void ReadAll()
    {
        var i = 0;
        while (i < _rows.Count)
        {
            switch (_kinds[i])
            {
                case Kind.Heading:
                    i = ReadBlock(i);
                    break;
                case Kind.SummaryHeading or Kind.SummaryHeader:
                    i = ReadSummarySheet(i);
                    break;
                case Kind.FlatHeader:
                    i = ReadFlat(i);
                    break;
                default:
                    // Blank, or content outside every section: what is not empty is reported as unread.
                    i++;
                    break;
            }
        }
        if (_year is null)
        {
            var place = _rows.Count > 0 ? new CellPlace(_rows[0].Sheet, 1, 1) : new CellPlace(null, 1, 1);
            throw new PoaFormatException(
                $"No heading \"{Labels.Heading} <year>\" and no flat header row (Año, Secretaría, Número de acción, ...) found: this is not a POA.", place);
        }
    }

    private static Kind[] Classify(ArraySegment<Row> rows)
    {
        var kinds = new Kind[rows.Count];
        var previousContent = -1;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var first = row.FirstNonEmpty();
            if (first < 0)
            {
                kinds[i] = Kind.Blank;
                continue;
            }
            // Headings and summary headers have at most three cells: skip label checks on the activity rows.
            var cells = row.NonEmptyCount();
            kinds[i] = cells > 3 ? (IsFlatHeader(row, first) ? Kind.FlatHeader : Kind.Content)
                : IsHeading(row, first, cells) ? Kind.Heading
                : IsSummaryHeader(row) ? Kind.SummaryHeader
                : Kind.Content;
            // The department line of a summary sheet ("DESPACHO PRESIDENCIA") is only known by what follows it.
            if (kinds[i] == Kind.SummaryHeader && previousContent >= 0 && kinds[previousContent] == Kind.Content &&
                rows[previousContent].SheetIndex == row.SheetIndex && rows[previousContent].NonEmptyCount() == 1)
                kinds[previousContent] = Kind.SummaryHeading;
            previousContent = i;
        }
        return kinds;
    }

    private static bool IsHeading(Row row, int first, int cells) =>
        cells <= 2 && Labels.StartsWith(row.Cell(first), Labels.Heading, out _);

    private static bool IsSummaryHeader(Row row)
    {
        bool action = false, investment = false;
        for (var column = 0; column < row.CellCount; column++)
        {
            var cell = row.Cell(column);
            action |= Labels.Is(cell, Labels.SummaryAction);
            investment |= Labels.Is(cell, Labels.SummaryInvestment);
        }
        return action && investment;
    }

    /// <summary>Where the rows of a block or sheet that starts at <paramref name="start"/> end (exclusive): at the next
    /// heading, summary sheet or flat header, or at the end of the worksheet.</summary>
    private int EndOfSection(int start)
    {
        var i = start + 1;
        while (i < _rows.Count && _kinds[i] is Kind.Blank or Kind.Content && _rows[i].SheetIndex == _rows[start].SheetIndex)
            i++;
        return i;
    }

    private int NextNonBlank(int from, int end)
    {
        for (var i = from; i < end; i++)
        {
            if (_kinds[i] != Kind.Blank)
                return i;
        }
        return -1;
    }

    /// <summary>Marks a cell as read into the model.</summary>
    private void Read(Row row, int column)
    {
        if ((uint)column < (uint)row.CellCount)
            _read[row.FirstOrdinal + column] = true;
    }

    /// <summary>Leaves a cell unread, saying why (reported at the end unless something else reads it).</summary>
    private void Unread(Row row, int column, string reason) => _unreadReasons[row.FirstOrdinal + column] = reason;

    private void AssignDepartment(int start, int end, string department)
    {
        for (var i = start; i < end; i++)
            _rowDepartments[i] = department;
    }

    private PoaReadResult Assemble()
    {
        var names = new List<string>();
        var byDepartment = new Dictionary<string, List<ParsedAction>>(StringComparer.Ordinal);
        foreach (var parsed in _actions)
        {
            if (!byDepartment.TryGetValue(parsed.Department, out var list))
            {
                byDepartment[parsed.Department] = list = [];
                names.Add(parsed.Department);
            }
            list.Add(parsed);
        }

        // A summary sheet belongs to the department of the block before it, or of the first block when it comes first.
        var sheetsByDepartment = _sheets
            .Where(_ => _actions.Count > 0)
            .GroupBy(s => _actions[Math.Max(s.ActionsBefore - 1, 0)].Department, s => s.Sheet)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var departments = new List<Department>(names.Count);
        var sources = new List<DepartmentSource>(names.Count);
        foreach (var name in names)
        {
            var sheets = sheetsByDepartment.TryGetValue(name, out var own) ? own : [];
            var actions = WithSummaryOnlyActions(name, byDepartment[name], sheets);
            departments.Add(new Department(name, [.. actions.Select(a => a.Action)]));
            sources.Add(new DepartmentSource(name, [.. actions.Select(a => a.Source)], sheets));
        }

        var withoutFindings = new PoaReadResult(new PoaDocument(_year ?? 0, departments, []), sources, _sheetNames, _progress);
        var findings = ConsistencyChecks.ForDocument(withoutFindings).Concat(UnreadCells(names.FirstOrDefault()));
        return withoutFindings with
        {
            Document = withoutFindings.Document with { Findings = ConsistencyChecks.Ordered(findings, _sheetNames) },
        };
    }

    /// <summary>An UNREAD_CELL finding for every non-empty cell that nothing read.</summary>
    private List<Finding> UnreadCells(string? firstDepartment)
    {
        var findings = new List<Finding>();
        var department = firstDepartment;
        for (var i = 0; i < _rows.Count; i++)
        {
            department = _rowDepartments[i] ?? department;
            if (_kinds[i] == Kind.Blank)
                continue;
            var row = _rows[i];
            for (var column = 0; column < row.CellCount; column++)
            {
                var ordinal = row.FirstOrdinal + column;
                if (_read[ordinal] || row.IsEmpty(column))
                    continue;
                var place = row.PlaceOf(column);
                var reason = _unreadReasons.TryGetValue(ordinal, out var why) ? why : UnreadReason.OutsideBlocks;
                findings.Add(ConsistencyChecks.Make(FindingCodes.UnreadCell, place.Line, place.Sheet, null, department: department ?? firstDepartment,
                    parameters: [("value", row.Text(column)), ("reason", reason)], column: place.Column));
            }
        }
        return findings;
    }

    /// <summary>Adds the actions only a summary sheet lists and sorts by number (stable, so duplicates keep file order).</summary>
    private static List<ParsedAction> WithSummaryOnlyActions(string department, List<ParsedAction> detailed, List<SummarySheet> sheets)
    {
        var all = new List<ParsedAction>(detailed);
        var firstByNumber = new Dictionary<int, int>();
        for (var i = 0; i < all.Count; i++)
            firstByNumber.TryAdd(all[i].Action.Number, i);

        foreach (var sheet in sheets)
        {
            foreach (var row in sheet.Rows)
            {
                if (firstByNumber.TryGetValue(row.Number, out var index))
                {
                    if (all[index].Source.SummaryLine is null)
                        all[index] = all[index] with { Source = all[index].Source with { SummaryLine = row.Line } };
                    continue;
                }
                firstByNumber[row.Number] = all.Count;
                all.Add(new ParsedAction(department, PoaAction.SummaryOnly(row.Number, row.Name, row.Investment),
                    new ActionSource(row.Line, row.Line, row.Line, SummaryLine: row.Line, Sheet: sheet.Sheet, IsSummaryOnly: true,
                        Column: sheet.NumberColumn, InvestmentColumn: sheet.InvestmentColumn)));
            }
        }
        return [.. all.OrderBy(a => a.Action.Number)];
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
