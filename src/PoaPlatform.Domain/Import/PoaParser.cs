namespace PoaPlatform.Domain.Import;

/// <summary>
/// Reads the seed layout. Every value is found through its label's column, never a fixed position, because
/// each block of the seed places its cells at different columns.
/// </summary>
internal sealed partial class PoaParser
{
    private enum Kind { Blank, Heading, SummaryHeading, SummaryHeader, Content }

    private readonly Row[] _rows;
    private readonly Kind[] _kinds;
    private readonly List<ParsedAction> _actions = [];
    private readonly List<(string? Department, SummarySheet Sheet)> _sheets = [];
    private int? _year;

    private PoaParser(string text)
    {
        _rows = Row.Split(text);
        _kinds = Classify(_rows);
    }

    private sealed record ParsedAction(string Department, PoaAction Action, ActionSource Source);

    public static PoaReadResult Parse(string text)
    {
        var parser = new PoaParser(text);
        parser.ReadAll();
        return parser.Assemble();
    }

    private void ReadAll()
    {
        var i = 0;
        while (i < _rows.Length)
        {
            switch (_kinds[i])
            {
                case Kind.Blank:
                    i++;
                    break;
                case Kind.Heading:
                    i = ReadBlock(i);
                    break;
                case Kind.SummaryHeading or Kind.SummaryHeader when _year is not null:
                    i = ReadSummarySheet(i);
                    break;
                default:
                    throw Unexpected(_rows[i]);
            }
        }
        if (_year is null)
            throw new PoaFormatException($"No heading \"{Labels.Heading} <year>\" found: this is not a POA.", 1, 1);
    }

    private PoaFormatException Unexpected(Row row)
    {
        var column = Math.Max(row.FirstNonEmpty(), 0);
        var expected = _year is null
            ? $"expected the heading \"{Labels.Heading} <year>\" before anything else"
            : "expected an action block, a summary sheet or a blank line";
        return new PoaFormatException($"Unexpected text: {expected}.", row.Number, column + 1, Shorten(row.Text(column)));
    }

    private static Kind[] Classify(Row[] rows)
    {
        var kinds = new Kind[rows.Length];
        var previousContent = -1;
        for (var i = 0; i < rows.Length; i++)
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
            kinds[i] = cells > 3 ? Kind.Content
                : IsHeading(row, first, cells) ? Kind.Heading
                : IsSummaryHeader(row) ? Kind.SummaryHeader
                : Kind.Content;
            // The department line of a summary sheet ("DESPACHO PRESIDENCIA") is only known by what follows it.
            if (kinds[i] == Kind.SummaryHeader && previousContent >= 0 && kinds[previousContent] == Kind.Content &&
                rows[previousContent].NonEmptyCount() == 1)
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

    /// <summary>Where the rows of a block or sheet that starts at <paramref name="start"/> end (exclusive).</summary>
    private int EndOfSection(int start)
    {
        var i = start + 1;
        while (i < _rows.Length && _kinds[i] is Kind.Blank or Kind.Content)
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

        var departments = new List<Department>(names.Count);
        var sources = new List<DepartmentSource>(names.Count);
        foreach (var name in names)
        {
            var sheets = _sheets.Where(s => s.Department == name).Select(s => s.Sheet).ToList();
            var actions = WithSummaryOnlyActions(name, byDepartment[name], sheets);
            departments.Add(new Department(name, [.. actions.Select(a => a.Action)]));
            sources.Add(new DepartmentSource(name, [.. actions.Select(a => a.Source)], sheets));
        }

        var withoutFindings = new PoaReadResult(new PoaDocument(_year ?? 0, departments, []), sources);
        var findings = ConsistencyChecks.ForDocument(withoutFindings);
        return withoutFindings with { Document = withoutFindings.Document with { Findings = findings } };
    }

    /// <summary>Adds the actions only a summary sheet lists and sorts by number (stable, so duplicates keep file order).</summary>
    private static List<ParsedAction> WithSummaryOnlyActions(string department, List<ParsedAction> detailed, List<SummarySheet> sheets)
    {
        var all = new List<ParsedAction>(detailed);
        var firstByNumber = new Dictionary<int, int>();
        for (var i = 0; i < all.Count; i++)
            firstByNumber.TryAdd(all[i].Action.Number, i);

        foreach (var row in sheets.SelectMany(s => s.Rows))
        {
            if (firstByNumber.TryGetValue(row.Number, out var index))
            {
                if (all[index].Source.SummaryLine is null)
                    all[index] = all[index] with { Source = all[index].Source with { SummaryLine = row.Line } };
                continue;
            }
            firstByNumber[row.Number] = all.Count;
            all.Add(new ParsedAction(department, PoaAction.SummaryOnly(row.Number, row.Name, row.Investment),
                new ActionSource(row.Line, row.Line, row.Line, SummaryLine: row.Line)));
        }
        return [.. all.OrderBy(a => a.Action.Number)];
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
}
