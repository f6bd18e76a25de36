using System.Globalization;
using static PoaPlatform.Domain.Findings.FindingMessages;

namespace PoaPlatform.Domain.Import;

internal sealed partial class PoaParser
{
    /// <summary>A label cell: which label (index of <see cref="Labels.BlockHeader"/>), where, and where an inline value starts.</summary>
    private readonly record struct LabelHit(int Label, int RowIndex, int Column, int InlineStart);

    /// <summary>A label's value: its text and the cell it came from (the index of its row in the input; -1 for an inline or
    /// missing value, which has no cell of its own).</summary>
    private readonly record struct Value(string Text, CellPlace Place, int RowIndex, int Column)
    {
        public int Line => Place.Line;
    }

    /// <summary>Reads the block whose heading is at <paramref name="start"/>; returns the index after it.</summary>
    private int ReadBlock(int start)
    {
        var heading = _rows[start];
        var year = ReadYear(heading);
        var end = EndOfSection(start);
        var header = FindActivityHeader(start, end);
        var values = ReadLabels(start + 1, header, heading);

        var department = values[Array.IndexOf(Labels.BlockHeader, Labels.Department)];
        if (department.Text.Length == 0)
            throw new PoaFormatException("The SECRETARÍA (department) is empty.", department.Place, "");
        var number = ValueOf(values, Labels.ActionNumber);
        if (!CellValues.TryParseActionNumber(number.Text, out var actionNumber))
            throw new PoaFormatException("The NÚMERO DE ACCIÓN is not a positive whole number.", number.Place, Shorten(number.Text));
        var investment = ValueOf(values, Labels.Investment);
        var beneficiaries = ValueOf(values, Labels.Beneficiaries);
        if (!Beneficiaries.TryParse(beneficiaries.Text, out var people))
            throw new PoaFormatException("BENEFICIARIOS must read like \"1950 H / 2250 M\".", beneficiaries.Place, Shorten(beneficiaries.Text));
        var budgetItems = ValueOf(values, Labels.BudgetItems);

        var (activities, activityLines, annualTargetColumn) = ReadActivities(header, end);
        var action = new PoaAction(
            actionNumber,
            ValueOf(values, Labels.ActionName).Text,
            CellValues.ParseAxes(ValueOf(values, Labels.Axis).Text),
            ValueOf(values, Labels.Goal).Text,
            ValueOf(values, Labels.Objective).Text,
            ValueOf(values, Labels.Strategy).Text,
            ValueOf(values, Labels.Purpose).Text,
            people,
            Amount(investment),
            CellValues.ParseBudgetItems(budgetItems.Text),
            activities);
        var noBudgetItems = budgetItems.RowIndex < 0 && budgetItems.Text.Length == 0;
        var source = new ActionSource(heading.Number, number.Line, investment.Line, noBudgetItems ? null : budgetItems.Line,
            null, activityLines, heading.Sheet, Column: heading.FirstNonEmpty() + 1, InvestmentColumn: investment.Place.Column,
            BudgetItemsColumn: noBudgetItems ? null : budgetItems.Place.Column, AnnualTargetColumn: annualTargetColumn + 1);

        _year = year;
        _actions.Add(new ParsedAction(department.Text, action, source));
        AssignDepartment(start, end, department.Text);
        return end;
    }

    private int ReadYear(Row heading)
    {
        var first = heading.FirstNonEmpty();
        Read(heading, first);
        var cell = heading.Cell(first);
        Labels.StartsWith(cell, Labels.Heading, out var consumed);
        var text = cell[consumed..].Trim();
        var column = first;
        if (text.IsEmpty)
        {
            for (column = first + 1; column < heading.CellCount && text.IsEmpty; column++)
                text = heading.Cell(column);
            column--;
            Read(heading, column);
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            throw new PoaFormatException("The heading must end with the fiscal year, like \"PROGRAMA OPERATIVO ANUAL 2021\".", heading.PlaceOf(column), Shorten(text.ToString()));
        if (Rules.PoaRules.Year(year) is { } outOfRange)
            throw new PoaFormatException(outOfRange.Message, heading.PlaceOf(column), Shorten(text.ToString()));
        if (_year is { } fileYear && fileYear != year)
            throw new PoaFormatException($"This block is for {year} but the file's first block is for {fileYear}; one POA has one fiscal year.", heading.PlaceOf(column), Shorten(text.ToString()));
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
            $"The action block that starts at {_rows[start].PlaceOf(0).ToString().Split(',')[0]} ends without its activity table (a row with ACTIVIDAD, ÁREA RESPONSABLE, ...); the block is cut short.",
            last.PlaceOf(0), Shorten(last.Text(Math.Max(last.FirstNonEmpty(), 0))));
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

    /// <summary>
    /// The labels between the heading and the activity table, and the value of each. A value belongs to the nearest
    /// label at or left of it: a cell right of a label on the label's own row, else the label of the nearest row above
    /// that has a label at or left of the cell's column (the rightmost such label; a merged value cell belongs to a
    /// label its merge covers). The first such cell in reading order is the value; PARTIDA PRESUPUESTAL may also carry
    /// its codes inline in the label cell. This one rule gives every placement of the seed (value on the next row,
    /// inline, label on a value row with its value below) and values further down, under other labels' values.
    /// </summary>
    private Value[] ReadLabels(int from, int to, Row heading)
    {
        var byRow = new List<LabelHit>?[to - from];
        var found = new LabelHit?[Labels.BlockHeader.Length];
        for (var i = from; i < to; i++)
        {
            var row = _rows[i];
            for (var column = 0; column < row.CellCount; column++)
            {
                var cell = row.Cell(column);
                if (cell.IsEmpty)
                    continue;
                var label = Labels.BlockLabel(cell, out var inlineStart);
                if (label < 0)
                    continue;
                if (found[label] is not null)
                {
                    // A label cell repeated bare is not a value; repeated with text after it (PARTIDA ...), it is an ordinary cell.
                    if (inlineStart >= cell.Length || cell[inlineStart..].Trim().IsEmpty)
                        Unread(row, column, UnreadReason.RepeatedLabel);
                    continue;
                }
                var hit = new LabelHit(label, i, column, inlineStart);
                found[label] = hit;
                (byRow[i - from] ??= []).Add(hit);
                Read(row, column);
            }
        }

        for (var k = 0; k < found.Length; k++)
        {
            if (found[k] is null)
            {
                throw new PoaFormatException(
                    $"The action block that starts here has no {Labels.Display(Labels.BlockHeader[k])} label before its activity table; the block is cut short or the label is misspelled.",
                    heading.PlaceOf(Math.Max(heading.FirstNonEmpty(), 0)));
            }
        }

        var values = new Value?[found.Length];
        foreach (var hit in found)
        {
            var labelRow = _rows[hit!.Value.RowIndex];
            var inline = labelRow.Cell(hit.Value.Column)[hit.Value.InlineStart..].Trim();
            if (!inline.IsEmpty)
                values[hit.Value.Label] = new Value(inline.ToString(), labelRow.PlaceOf(hit.Value.Column), -1, hit.Value.Column);
        }

        for (var i = from; i < to; i++)
        {
            var row = _rows[i];
            for (var column = 0; column < row.CellCount; column++)
            {
                if (_read[row.FirstOrdinal + column] || row.IsEmpty(column) || _unreadReasons.ContainsKey(row.FirstOrdinal + column))
                    continue;
                var owner = OwnerOf(byRow, from, i, column, row.SpanEnd(column));
                if (owner < 0)
                {
                    Unread(row, column, UnreadReason.NoLabel);
                }
                else if (values[owner] is not null)
                {
                    Unread(row, column, UnreadReason.SecondValue);
                }
                else
                {
                    values[owner] = new Value(row.Text(column), row.PlaceOf(column), i, column);
                    Read(row, column);
                }
            }
        }

        var result = new Value[found.Length];
        for (var k = 0; k < found.Length; k++)
        {
            var hit = found[k]!.Value;
            // No value: empty, reported at the label (so a missing number names the label's place).
            result[k] = values[k] ?? new Value("", _rows[hit.RowIndex].PlaceOf(hit.Column), -1, hit.Column);
        }
        return result;
    }

    /// <summary>The label a value cell at (<paramref name="rowIndex"/>, <paramref name="column"/>..<paramref name="spanEnd"/>) belongs to, or -1.</summary>
    private static int OwnerOf(List<LabelHit>?[] byRow, int from, int rowIndex, int column, int spanEnd)
    {
        // On the label's own row: the nearest label to the left.
        if (byRow[rowIndex - from] is { } same)
        {
            var left = -1;
            foreach (var hit in same)
            {
                if (hit.Column < column && (left < 0 || hit.Column > same[left].Column))
                    left = same.IndexOf(hit);
            }
            if (left >= 0)
                return same[left].Label;
        }
        for (var i = rowIndex - 1; i >= from; i--)
        {
            if (byRow[i - from] is not { } labels)
                continue;
            LabelHit? covered = null, atOrLeft = null;
            foreach (var hit in labels)
            {
                if (hit.Column >= column && hit.Column <= spanEnd && (covered is null || hit.Column < covered.Value.Column))
                    covered = hit;
                if (hit.Column <= column && (atOrLeft is null || hit.Column > atOrLeft.Value.Column))
                    atOrLeft = hit;
            }
            if ((covered ?? atOrLeft) is { } owner)
                return owner.Label;
        }
        return -1;
    }

    private static Value ValueOf(Value[] values, string label) => values[Array.IndexOf(Labels.BlockHeader, label)];

    /// <summary>The activities below the header, the line of each, and the 0-based column of PROGRAMACIÓN ANUAL.</summary>
    private (IReadOnlyList<Activity> Activities, IReadOnlyList<int> Lines, int AnnualTargetColumn) ReadActivities(int header, int end)
    {
        var headerRow = _rows[header];
        var columns = new int[Labels.ActivityHeader.Length];
        for (var k = 0; k < columns.Length; k++)
        {
            columns[k] = FindColumn(headerRow, Labels.ActivityHeader[k]);
            if (columns[k] < 0)
                throw new PoaFormatException($"The activity table has no {Labels.Display(Labels.ActivityHeader[k])} column.", headerRow.PlaceOf(0));
            Read(headerRow, columns[k]);
        }
        var monthly = FindColumn(headerRow, Labels.MonthlyTarget);
        if (monthly >= 0)
            Read(headerRow, monthly);
        MarkOthers(headerRow, UnreadReason.OutsideColumns);
        var monthRowIndex = NextNonBlank(header + 1, end);
        if (monthRowIndex < 0)
            throw new PoaFormatException("The activity table has no ENE..DIC row below its header; the block is cut short.", headerRow.PlaceOf(0));
        var monthRow = _rows[monthRowIndex];
        var months = MonthColumns(monthRow);
        foreach (var column in months)
            Read(monthRow, column);
        MarkOthers(monthRow, UnreadReason.OutsideColumns);

        var all = new int[columns.Length + months.Length];
        columns.CopyTo(all, 0);
        months.CopyTo(all, columns.Length);
        var activities = new List<Activity>();
        var lines = new List<int>();
        for (var i = monthRowIndex + 1; i < end; i++)
        {
            if (_kinds[i] == Kind.Blank)
                continue;
            var row = _rows[i];
            // A row that is empty in every column of the table (a note beside it) is no activity; its cells stay unread.
            if (IsEmptyIn(row, all))
            {
                MarkOthers(row, UnreadReason.OutsideColumns);
                continue;
            }
            activities.Add(ReadActivity(activities.Count + 1, row, columns, months));
            foreach (var column in all)
                Read(row, column);
            MarkOthers(row, UnreadReason.OutsideColumns);
            lines.Add(row.Number);
        }
        return (activities, lines, columns[5]);
    }

    private static bool IsEmptyIn(Row row, int[] columns)
    {
        foreach (var column in columns)
        {
            if (!row.IsEmpty(column))
                return false;
        }
        return true;
    }

    /// <summary>Gives every cell of a row that was not read the reason it was not.</summary>
    private void MarkOthers(Row row, string reason)
    {
        for (var column = 0; column < row.CellCount; column++)
        {
            if (!_read[row.FirstOrdinal + column] && !row.IsEmpty(column))
                Unread(row, column, reason);
        }
    }

    private static int[] MonthColumns(Row row)
    {
        var months = new int[12];
        for (var m = 0; m < 12; m++)
        {
            months[m] = FindColumn(row, MonthlyValues.MonthNames[m]);
            if (months[m] < 0)
                throw new PoaFormatException($"The row below the activity header must name the months ENE..DIC; {MonthlyValues.MonthNames[m]} is missing.",
                    row.PlaceOf(Math.Max(row.FirstNonEmpty(), 0)), Shorten(row.Text(Math.Max(row.FirstNonEmpty(), 0))));
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
            MonthlyValues.Of(monthly));
    }

    /// <summary>A number of a cell; a date, a truth value or an error value where a number belongs is an error, never a guess.</summary>
    private static decimal Number(Row row, int column, string what)
    {
        if (row.TryNumber(column, out var value))
            return value;
        var why = row.KindOf(column) switch
        {
            CellKind.Date => $"{what} must be a number, but the cell holds a date (Excel may have turned \"1/2\" into a date: format the cell as a number).",
            CellKind.Boolean => $"{what} must be a number, but the cell holds a truth value.",
            CellKind.Error => $"{what} must be a number, but the cell holds an error value.",
            _ => $"{what} must be a number.",
        };
        throw new PoaFormatException(why, row.PlaceOf(column), Shorten(row.Text(column)));
    }

    private decimal Amount(Value value)
    {
        if (value.RowIndex >= 0)
        {
            if (_rows[value.RowIndex].TryNumber(value.Column, out var number))
                return number;
        }
        else if (CellValues.TryParseNumber(value.Text, out var inline))
        {
            return inline;
        }
        throw new PoaFormatException("INVERSIÓN APROXIMADA must be an amount like $487,160.00.", value.Place, Shorten(value.Text));
    }
}
