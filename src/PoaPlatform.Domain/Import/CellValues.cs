using System.Globalization;

namespace PoaPlatform.Domain.Import;

/// <summary>Numbers as spreadsheets export them: "$ 1,505,186.61", "\$0.00", "4,400", "$ -", "-" or empty.</summary>
internal static class CellValues
{
    // A quadrillion pesos is far beyond any municipal budget, and it keeps every sum of a POA inside decimal's range.
    private const decimal Limit = 1_000_000_000_000_000m;

    /// <summary>The same limit for a workbook's stored numbers (doubles).</summary>
    public const double LimitAsDouble = 1e18;
    private const int MaxDigits = 40;

    /// <summary>Reads a number or an amount; empty and dash cells are zero.</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> cell, out decimal value)
    {
        value = 0;
        var text = cell.Trim();
        if (text.IsEmpty || text is "-")
            return true;
        // "-$5.00" is how Money.Format writes a negative amount.
        var negative = text.StartsWith("-$") || text.StartsWith("-\\$");
        if (negative)
            text = text[1..];
        if (text.StartsWith('\\'))
            text = text[1..];
        if (text.StartsWith('$'))
            text = text[1..].TrimStart();
        if (text.IsEmpty || text is "-")
            return true;
        if (text.Length > MaxDigits)
            return false;

        Span<char> digits = stackalloc char[MaxDigits];
        var length = 0;
        foreach (var c in text)
        {
            if (c != ',')
                digits[length++] = c;
        }
        if (!decimal.TryParse(digits[..length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) ||
            value <= -Limit || value >= Limit)
            return false;
        if (negative)
            value = -value;
        return true;
    }

    /// <summary>Reads an action number: a positive whole number.</summary>
    public static bool TryParseActionNumber(ReadOnlySpan<char> cell, out int number) =>
        int.TryParse(cell.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;

    /// <summary>Partidas as written in one cell: "3191, 3691, 3821." or "4411; 4412 4481".</summary>
    public static IReadOnlyList<BudgetItem> ParseBudgetItems(ReadOnlySpan<char> cell)
    {
        var items = new List<BudgetItem>();
        foreach (var range in cell.SplitAny(", ;/\t"))
        {
            var code = cell[range].Trim().TrimEnd('.');
            if (!code.IsEmpty)
                items.Add(new BudgetItem(code.ToString()));
        }
        return items;
    }

    /// <summary>Axes are joined with " / " in one cell.</summary>
    public static IReadOnlyList<string> ParseAxes(string cell)
    {
        var axes = new List<string>();
        foreach (var axis in cell.Split(" / ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            axes.Add(axis);
        return axes;
    }
}
