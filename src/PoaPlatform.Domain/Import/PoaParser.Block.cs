using System.Globalization;

namespace PoaPlatform.Domain.Import;

internal sealed partial class PoaParser
{
    private readonly record struct LabelHit(int RowIndex, int Column, int InlineStart);

    private readonly record struct Value(string Text, int Line, int Column);

    /// <summary>Reads the block whose heading is at <paramref name="start"/>; returns the index after it.</summary>
    private int ReadBlock(int start)
    {
        var heading = _rows[start];
        var year = ReadYear(heading);
        var end = EndOfSection(start);
        var header = FindActivityHeader(start, end);
        var hits = FindLabels(start + 1, header);

        var department = Required(hits, Labels.Department, heading, header);
        if (department.Text.Length == 0)
            throw new PoaFormatException("The SECRETARÍA (department) is empty.", department.Line, department.Column, "");
        var number = Required(hits, Labels.ActionNumber, heading, header);
        if (!CellValues.TryParseActionNumber(number.Text, out var actionNumber))
            throw new PoaFormatException("The NÚMERO DE ACCIÓN is not a positive whole number.", number.Line, number.Column, Shorten(number.Text));
        var investment = Required(hits, Labels.Investment, heading, header);
        var beneficiaries = Required(hits, Labels.Beneficiaries, heading, header);
        if (!Beneficiaries.TryParse(beneficiaries.Text, out var people))
            throw new PoaFormatException("BENEFICIARIOS must read like \"1950 H / 2250 M\".", beneficiaries.Line, beneficiaries.Column, Shorten(beneficiaries.Text));
        var budgetItems = BudgetItemsValue(hits, header);

        var (activities, activityLines) = ReadActivities(header, end);
        var action = new PoaAction(
            actionNumber,
            Required(hits, Labels.ActionName, heading, header).Text,
            CellValues.ParseAxes(Required(hits, Labels.Axis, heading, header).Text),
            Required(hits, Labels.Goal, heading, header).Text,
            Required(hits, Labels.Objective, heading, header).Text,
            Required(hits, Labels.Strategy, heading, header).Text,
            Required(hits, Labels.Purpose, heading, header).Text,
            people,
            Amount(investment.Text, investment.Line, investment.Column),
            budgetItems is { } items ? CellValues.ParseBudgetItems(items.Text) : [],
            activities);
        var source = new ActionSource(heading.Number, number.Line, investment.Line, budgetItems?.Line, null, activityLines);

        _year = year;
        _actions.Add(new ParsedAction(department.Text, action, source));
        return end;
    }

    private int ReadYear(Row heading)
    {
        var first = heading.FirstNonEmpty();
        var cell = heading.Cell(first);
        Labels.StartsWith(cell, Labels.Heading, out var consumed);
        var text = cell[consumed..].Trim();
        var column = first;
        if (text.IsEmpty)
        {
            for (column = first + 1; column < heading.CellCount && text.IsEmpty; column++)
                text = heading.Cell(column);
            column--;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            throw new PoaFormatException("The heading must end with the fiscal year, like \"PROGRAMA OPERATIVO ANUAL 2021\".", heading.Number, column + 1, Shorten(text.ToString()));
        if (Rules.PoaRules.Year(year) is { } outOfRange)
            throw new PoaFormatException(outOfRange.Message, heading.Number, column + 1, Shorten(text.ToString()));
        if (_year is { } fileYear && fileYear != year)
            throw new PoaFormatException($"This block is for {year} but the file's first block is for {fileYear}; one POA has one fiscal year.", heading.Number, column + 1, Shorten(text.ToString()));
        return year;
    }

    private int FindActivityHeader(int start, int end)
    {
        for (var i = start + 1; i < end; i++)
        {
            var row = _rows[i];
            for (var column = 0; column < row.CellCount; column++)
            {
                if (Labels.Is(row.Cell(column), Labels.Activity))
                    return i;
            }
        }
        var last = _rows[Math.Max(start, LastNonBlank(start, end))];
        throw new PoaFormatException(
            $"The action block that starts at line {_rows[start].Number} ends without its activity table (a row with ACTIVIDAD, ÁREA RESPONSABLE, ...); the block is cut short.",
            last.Number, 1, Shorten(last.Text(Math.Max(last.FirstNonEmpty(), 0))));
    }

    private int LastNonBlank(int start, int end)
    {
        for (var i = end - 1; i > start; i--)
        {
            if (_kinds[i] != Kind.Blank)
                return i;
        }
        return start;
    }

    /// <summary>The first cell of each block label between the heading and the activity table, wherever it stands.</summary>
    private LabelHit?[] FindLabels(int from, int to)
    {
        var hits = new LabelHit?[Labels.BlockHeader.Length];
        for (var i = from; i < to; i++)
        {
            var row = _rows[i];
            for (var column = 0; column < row.CellCount; column++)
            {
                var cell = row.Cell(column);
                if (cell.IsEmpty)
                    continue;
                for (var k = 0; k < hits.Length; k++)
                {
                    if (hits[k] is null && Matches(cell, Labels.BlockHeader[k], out var inlineStart))
                    {
                        hits[k] = new LabelHit(i, column, inlineStart);
                        break;
                    }
                }
            }
        }
        return hits;
    }

    // PARTIDA PRESUPUESTAL may carry its codes in the label cell itself ("PARTIDA PRESUPUESTAL 3191, 3691.").
    private static bool Matches(ReadOnlySpan<char> cell, string label, out int inlineStart)
    {
        inlineStart = cell.Length;
        return label == Labels.BudgetItems ? Labels.StartsWith(cell, label, out inlineStart) : Labels.Is(cell, label);
    }

    private static bool IsAnyLabel(ReadOnlySpan<char> cell)
    {
        foreach (var label in Labels.BlockHeader)
        {
            if (Matches(cell, label, out _))
                return true;
        }
        return false;
    }

    private Value Required(LabelHit?[] hits, string label, Row heading, int header)
    {
        if (hits[Array.IndexOf(Labels.BlockHeader, label)] is not { } hit)
        {
            throw new PoaFormatException(
                $"The action block that starts here has no {Labels.Display(label)} label before its activity table; the block is cut short or the label is misspelled.",
                heading.Number, Math.Max(heading.FirstNonEmpty(), 0) + 1);
        }
        return ValueBelow(hit, header);
    }

    /// <summary>The value of a label: the cell at the same column in the next non-blank row above the activity table.</summary>
    private Value ValueBelow(LabelHit hit, int header)
    {
        var below = NextNonBlank(hit.RowIndex + 1, header);
        if (below < 0)
            return new Value("", _rows[hit.RowIndex].Number, hit.Column + 1);
        var cell = _rows[below].Cell(hit.Column);
        return new Value(IsAnyLabel(cell) ? "" : cell.ToString(), _rows[below].Number, hit.Column + 1);
    }

    private Value? BudgetItemsValue(LabelHit?[] hits, int header)
    {
        if (hits[Array.IndexOf(Labels.BlockHeader, Labels.BudgetItems)] is not { } hit)
            return null;
        var row = _rows[hit.RowIndex];
        var inline = row.Cell(hit.Column)[hit.InlineStart..].Trim();
        return inline.IsEmpty ? ValueBelow(hit, header) : new Value(inline.ToString(), row.Number, hit.Column + 1);
    }

    private (IReadOnlyList<Activity> Activities, IReadOnlyList<int> Lines) ReadActivities(int header, int end)
    {
        var headerRow = _rows[header];
        var columns = new int[Labels.ActivityHeader.Length];
        for (var k = 0; k < columns.Length; k++)
        {
            columns[k] = FindColumn(headerRow, Labels.ActivityHeader[k]);
            if (columns[k] < 0)
                throw new PoaFormatException($"The activity table has no {Labels.Display(Labels.ActivityHeader[k])} column.", headerRow.Number, 1);
        }
        var monthRowIndex = NextNonBlank(header + 1, end);
        if (monthRowIndex < 0)
            throw new PoaFormatException("The activity table has no ENE..DIC row below its header; the block is cut short.", headerRow.Number, 1);
        var months = MonthColumns(_rows[monthRowIndex]);

        var activities = new List<Activity>();
        var lines = new List<int>();
        for (var i = monthRowIndex + 1; i < end; i++)
        {
            if (_kinds[i] == Kind.Blank)
                continue;
            activities.Add(ReadActivity(activities.Count + 1, _rows[i], columns, months));
            lines.Add(_rows[i].Number);
        }
        return (activities, lines);
    }

    private static int[] MonthColumns(Row row)
    {
        var months = new int[12];
        for (var m = 0; m < 12; m++)
        {
            months[m] = FindColumn(row, MonthlyValues.MonthNames[m]);
            if (months[m] < 0)
                throw new PoaFormatException($"The row below the activity header must name the months ENE..DIC; {MonthlyValues.MonthNames[m]} is missing.",
                    row.Number, Math.Max(row.FirstNonEmpty(), 0) + 1, Shorten(row.Text(Math.Max(row.FirstNonEmpty(), 0))));
        }
        return months;
    }

    private static int FindColumn(Row row, string label)
    {
        for (var column = 0; column < row.CellCount; column++)
        {
            if (Labels.Is(row.Cell(column), label))
                return column;
        }
        return -1;
    }

    private static Activity ReadActivity(int id, Row row, int[] columns, int[] months)
    {
        var monthly = new decimal[12];
        for (var m = 0; m < 12; m++)
            monthly[m] = Number(row, months[m], MonthlyValues.MonthNames[m]);
        return new Activity(
            id,
            row.Text(columns[0]),
            row.Text(columns[1]),
            row.Text(columns[2]),
            row.Text(columns[4]),
            Number(row, columns[3], "INVERSIÓN APROX. POR ACTIVIDAD"),
            Number(row, columns[5], "PROGRAMACIÓN ANUAL"),
            new MonthlyValues(monthly));
    }

    private static decimal Number(Row row, int column, string what) =>
        CellValues.TryParseNumber(row.Cell(column), out var value)
            ? value
            : throw new PoaFormatException($"{what} must be a number.", row.Number, column + 1, Shorten(row.Text(column)));

    private static decimal Amount(string text, int line, int column) =>
        CellValues.TryParseNumber(text, out var value)
            ? value
            : throw new PoaFormatException("INVERSIÓN APROXIMADA must be an amount like $487,160.00.", line, column, Shorten(text));
}
