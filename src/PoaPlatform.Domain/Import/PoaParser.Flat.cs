using System.Globalization;
using static PoaPlatform.Domain.Findings.FindingMessages;

namespace PoaPlatform.Domain.Import;

internal sealed partial class PoaParser
{
    private static readonly string[] FoldedFlatActionColumns = [.. PoaFlatLayout.ActionColumns.Select(Fold)];
    private static readonly Dictionary<string, string> FoldedFlatHeader = PoaFlatLayout.WorkbookHeader.ToDictionary(h => h, Fold);

    /// <summary>A flat header row starts with AÑO and names the department and the action number.</summary>
    private static bool IsFlatHeader(Row row, int first)
    {
        if (!Labels.Is(row.Cell(first), FoldedFlatActionColumns[0]))
            return false;
        bool department = false, number = false;
        for (var column = first + 1; column < row.CellCount; column++)
        {
            department |= Labels.Is(row.Cell(column), FoldedFlatActionColumns[1]);
            number |= Labels.Is(row.Cell(column), FoldedFlatActionColumns[2]);
        }
        return department && number;
    }

    /// <summary>Reads a flat table: one row per activity, consecutive rows of one department and number being one action.</summary>
    private int ReadFlat(int start)
    {
        var header = _rows[start];
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in PoaFlatLayout.WorkbookHeader)
        {
            var column = FindColumn(header, FoldedFlatHeader[name]);
            if (column >= 0)
            {
                columns[name] = column;
                Read(header, column);
            }
        }
        MarkOthers(header, UnreadReason.OutsideColumns);
        foreach (var required in new[] { PoaFlatLayout.Department, PoaFlatLayout.ActionNumber })
        {
            if (!columns.ContainsKey(required))
                throw new PoaFormatException($"The flat table's header has no \"{required}\" column.", header.PlaceOf(0));
        }

        var end = EndOfSection(start);
        Row? first = null;
        string department = "";
        var number = 0;
        var activities = new List<Activity>();
        var lines = new List<int>();
        var fields = (Name: "", Axes: "", Goal: "", Objective: "", Strategy: "", Purpose: "", Men: 0m, Women: 0m, Investment: 0m, Budget: "");
        var indicator = (Name: "", Sheet: (IndicatorSheet?)null);

        void Flush()
        {
            if (first is not { } firstRow)
                return;
            if (fields.Men is < 0 or > int.MaxValue || fields.Women is < 0 or > int.MaxValue || fields.Men != decimal.Truncate(fields.Men) || fields.Women != decimal.Truncate(fields.Women))
                throw new PoaFormatException("Beneficiarios H and M must be whole numbers of people.", firstRow.PlaceOf(Column(columns, PoaFlatLayout.Men)));
            var action = new PoaAction(number, fields.Name, CellValues.ParseAxes(fields.Axes), fields.Goal, fields.Objective, fields.Strategy,
                fields.Purpose, new Beneficiaries((int)fields.Men, (int)fields.Women), fields.Investment, CellValues.ParseBudgetItems(fields.Budget), [.. activities], indicator.Name, indicator.Sheet);
            _actions.Add(new ParsedAction(department, action, new ActionSource(firstRow.Number, firstRow.Number, firstRow.Number, firstRow.Number, null, [.. lines], firstRow.Sheet,
                Column: OneBased(columns, PoaFlatLayout.ActionNumber), InvestmentColumn: OneBased(columns, PoaFlatLayout.ActionInvestment),
                BudgetItemsColumn: OneBased(columns, PoaFlatLayout.BudgetItems), AnnualTargetColumn: OneBased(columns, PoaFlatLayout.AnnualTarget))));
            activities.Clear();
            lines.Clear();
            first = null;
        }

        for (var i = start + 1; i < end; i++)
        {
            if (_kinds[i] == Kind.Blank)
                continue;
            var row = _rows[i];
            if (columns.TryGetValue(PoaFlatLayout.Year, out var yearColumn))
                ReadFlatYear(row, yearColumn);
            var rowDepartment = Text(row, columns, PoaFlatLayout.Department);
            if (rowDepartment.Length == 0)
                throw new PoaFormatException("The Secretaría (department) is empty.", row.PlaceOf(columns[PoaFlatLayout.Department]), "");
            var numberCell = Text(row, columns, PoaFlatLayout.ActionNumber);
            if (!CellValues.TryParseActionNumber(numberCell, out var rowNumber))
                throw new PoaFormatException("The Número de acción is not a positive whole number.", row.PlaceOf(columns[PoaFlatLayout.ActionNumber]), Shorten(numberCell));
            if (first is null || rowDepartment != department || rowNumber != number)
            {
                Flush();
                first = row;
                department = rowDepartment;
                number = rowNumber;
                fields = (Text(row, columns, PoaFlatLayout.ActionName), Text(row, columns, PoaFlatLayout.Axes), Text(row, columns, PoaFlatLayout.Goal),
                    Text(row, columns, PoaFlatLayout.Objective), Text(row, columns, PoaFlatLayout.Strategy), Text(row, columns, PoaFlatLayout.Purpose),
                    NumberOf(row, columns, PoaFlatLayout.Men), NumberOf(row, columns, PoaFlatLayout.Women),
                    NumberOf(row, columns, PoaFlatLayout.ActionInvestment), Text(row, columns, PoaFlatLayout.BudgetItems));
                indicator = (Text(row, columns, PoaFlatLayout.ActionIndicator), ReadSheet(row, columns, PoaFlatLayout.ActionSuffix));
                foreach (var name in PoaFlatLayout.AllActionColumns)
                    Read(row, Column(columns, name));
            }
            else
            {
                // The action's fields repeat on each of its rows: read when they agree with its first row.
                foreach (var name in PoaFlatLayout.AllActionColumns)
                {
                    var column = Column(columns, name);
                    if (column < 0)
                        continue;
                    if (first.Value.Cell(column).SequenceEqual(row.Cell(column)))
                        Read(row, column);
                    else
                        Unread(row, column, UnreadReason.DiffersFromFirstRow);
                }
            }
            ReadFlatActivity(row, columns, department, number, activities, lines);
            MarkOthers(row, UnreadReason.OutsideColumns);
        }
        Flush();
        AssignDepartment(start, end, department);
        return end;
    }

    private void ReadFlatYear(Row row, int column)
    {
        var text = row.Cell(column);
        if (text.IsEmpty && _year is not null)
            return;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            throw new PoaFormatException("The Año must be the fiscal year, like 2021.", row.PlaceOf(column), Shorten(text.ToString()));
        if (Rules.PoaRules.Year(year) is { } outOfRange)
            throw new PoaFormatException(outOfRange.Message, row.PlaceOf(column), Shorten(text.ToString()));
        if (_year is { } fileYear && fileYear != year)
            throw new PoaFormatException($"This row is for {year} but the file's first rows are for {fileYear}; one POA has one fiscal year.", row.PlaceOf(column), Shorten(text.ToString()));
        _year = year;
        Read(row, column);
    }

    private void ReadFlatActivity(Row row, Dictionary<string, int> columns, string department, int number, List<Activity> activities, List<int> lines)
    {
        var activityColumns = PoaFlatLayout.ActivityColumns.Concat(MonthlyValues.MonthNames).Append(PoaFlatLayout.ActivityId)
            .Concat(PoaFlatLayout.ActivitySheetColumns)
            .Select(name => Column(columns, name)).Where(c => c >= 0).ToArray();
        // Per month: achieved, exercised, note, then the other moments in MomentPrefixes' order.
        var perMonth = 3 + PoaFlatLayout.MomentPrefixes.Count;
        var progressColumns = Enumerable.Range(0, 12).SelectMany(m => new[]
        {
            Column(columns, $"{PoaFlatLayout.AchievedPrefix} {MonthlyValues.MonthNames[m]}"),
            Column(columns, $"{PoaFlatLayout.ExercisedPrefix} {MonthlyValues.MonthNames[m]}"),
            Column(columns, $"{PoaFlatLayout.NotePrefix} {MonthlyValues.MonthNames[m]}"),
        }.Concat(PoaFlatLayout.MomentPrefixes.Select(p => Column(columns, $"{p.Prefix} {MonthlyValues.MonthNames[m]}")))).ToArray();
        if (activityColumns.All(row.IsEmpty) && progressColumns.All(c => c < 0 || row.IsEmpty(c)))
            return;

        var id = activities.Count + 1;
        if (Column(columns, PoaFlatLayout.ActivityId) is var idColumn and >= 0 && !row.IsEmpty(idColumn))
        {
            if (!CellValues.TryParseActionNumber(row.Cell(idColumn), out id) || activities.Any(a => a.Id == id))
                throw new PoaFormatException("The Número de actividad must be a positive whole number, once per action.", row.PlaceOf(idColumn), Shorten(row.Text(idColumn)));
        }
        var monthly = new decimal[12];
        for (var m = 0; m < 12; m++)
            monthly[m] = NumberOf(row, columns, MonthlyValues.MonthNames[m]);
        activities.Add(new Activity(id, Text(row, columns, PoaFlatLayout.Activity), Text(row, columns, PoaFlatLayout.ResponsibleArea),
            Text(row, columns, PoaFlatLayout.Unit), Text(row, columns, PoaFlatLayout.Indicator), NumberOf(row, columns, PoaFlatLayout.ActivityInvestment),
            NumberOf(row, columns, PoaFlatLayout.AnnualTarget), MonthlyValues.Of(monthly), ReadSheet(row, columns, ""),
            Text(row, columns, PoaFlatLayout.FundingSource) is { Length: > 0 } source ? source : null));
        lines.Add(row.Number);
        foreach (var column in activityColumns)
            Read(row, column);

        for (var m = 0; m < 12; m++)
        {
            var month = progressColumns[(perMonth * m)..(perMonth * (m + 1))];
            if (!month.Any(c => c >= 0 && !row.IsEmpty(c)))
                continue;
            int achieved = month[0], exercised = month[1], note = month[2];
            var name = MonthlyValues.MonthNames[m];
            decimal Amount(int column, string prefix) => column < 0 ? 0 : Number(row, column, $"{prefix} {name}");
            var moments = PoaFlatLayout.MomentPrefixes.Select((p, i) => Amount(month[3 + i], p.Prefix)).ToArray();
            _progress.Add(new ReportedProgress(department, number, id,
                m + 1,
                Amount(achieved, PoaFlatLayout.AchievedPrefix),
                Amount(exercised, PoaFlatLayout.ExercisedPrefix),
                note < 0 || row.IsEmpty(note) ? null : row.Text(note),
                moments[0], moments[1], moments[2], moments[3], moments[4]));
            foreach (var column in month)
                Read(row, column);
        }
    }

    /// <summary>An indicator sheet from its columns (the activity's, or the action's with <paramref name="suffix"/>);
    /// null when the table has none of them or they are all empty.</summary>
    private static IndicatorSheet? ReadSheet(Row row, Dictionary<string, int> columns, string suffix)
    {
        var names = PoaFlatLayout.SheetColumns.Select(c => c + suffix).ToArray();
        if (names.All(n => Column(columns, n) is var c && (c < 0 || row.IsEmpty(c))))
            return null;
        T? Choice<T>(int index) where T : struct, Enum
        {
            var text = Text(row, columns, names[index]);
            if (!IndicatorTexts.TryParse<T>(text, out var value))
                throw new PoaFormatException($"The {names[index]} must be one of: {IndicatorTexts.Choices<T>()}.", row.PlaceOf(columns[names[index]]), Shorten(text));
            return value;
        }
        decimal? Optional(int index) => Column(columns, names[index]) is var c && c >= 0 && !row.IsEmpty(c) ? Number(row, c, names[index]) : null;
        var baselineYear = Optional(11);
        if (baselineYear is { } year && (year != decimal.Truncate(year) || year < 1900 || year > 2200))
            throw new PoaFormatException($"The {names[11]} must be a year, like 2020.", row.PlaceOf(columns[names[11]]), year.ToString(CultureInfo.InvariantCulture));
        return new IndicatorSheet(Choice<MirLevel>(0), Text(row, columns, names[1]), Text(row, columns, names[2]), Text(row, columns, names[3]),
            Text(row, columns, names[4]), Text(row, columns, names[5]), Choice<IndicatorFrequency>(6), Choice<IndicatorType>(7),
            Choice<IndicatorDimension>(8), Choice<IndicatorDirection>(9), Optional(10), baselineYear is { } y ? (int)y : null,
            Text(row, columns, names[12]), Text(row, columns, names[13]));
    }

    private static int Column(Dictionary<string, int> columns, string name) => columns.TryGetValue(name, out var column) ? column : -1;

    /// <summary>The 1-based column of a header, for a finding's cell; null when the table lacks it.</summary>
    private static int? OneBased(Dictionary<string, int> columns, string name) => columns.TryGetValue(name, out var column) ? column + 1 : null;

    private static string Text(Row row, Dictionary<string, int> columns, string name) =>
        columns.TryGetValue(name, out var column) ? row.Text(column) : "";

    private static decimal NumberOf(Row row, Dictionary<string, int> columns, string name) =>
        columns.TryGetValue(name, out var column) ? Number(row, column, name) : 0;

    /// <summary>A flat header as the labels compare it: upper case, no accents.</summary>
    private static string Fold(string header) => TextFolding.Fold(header);
}
