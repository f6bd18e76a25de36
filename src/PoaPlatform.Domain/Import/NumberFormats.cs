using System.Globalization;

namespace PoaPlatform.Domain.Import;

/// <summary>What a workbook's number format makes of a stored number: a plain number, pesos, a percentage or a date,
/// and the text Excel would show for it (what a text field of the POA reads).</summary>
internal static class NumberFormats
{
    private static readonly System.Buffers.SearchValues<char> DateParts = System.Buffers.SearchValues.Create("yYmMdDhHsS");

    /// <summary>The kind of a built-in format id (ECMA-376 part 1, 18.8.30) or of a format code.</summary>
    public static (CellKind Kind, int Decimals) Classify(uint id, string? code)
    {
        if (code is null)
        {
            return id switch
            {
                9 => (CellKind.Percent, 0),
                10 => (CellKind.Percent, 2),
                5 or 6 or 7 or 8 or 42 or 44 => (CellKind.Currency, 2),
                (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58) => (CellKind.Date, 0),
                _ => (CellKind.Number, 0),
            };
        }
        // Only the first section (positive numbers) decides; text in quotes and escaped characters are literal.
        var section = code.Split(';')[0];
        var bare = new System.Text.StringBuilder();
        var decimals = 0;
        var afterPoint = false;
        for (var i = 0; i < section.Length; i++)
        {
            var c = section[i];
            if (c == '"')
            {
                var close = section.IndexOf('"', i + 1);
                i = close < 0 ? section.Length : close;
                continue;
            }
            if (c is '\\' or '_' or '*')
            {
                i++;
                continue;
            }
            if (c == '[')
            {
                var close = section.IndexOf(']', i + 1);
                var inside = close < 0 ? section[(i + 1)..] : section[(i + 1)..close];
                // [h], [mm], [ss] are elapsed times; [$-80A], [Red], [>100] are not date parts.
                if (inside.Length > 0 && inside.All(ch => ch is 'h' or 'H' or 'm' or 'M' or 's' or 'S'))
                    bare.Append(inside);
                i = close < 0 ? section.Length : close;
                continue;
            }
            if (c == '.')
                afterPoint = true;
            else if (afterPoint && c == '0')
                decimals++;
            else if (afterPoint && c is not '#' and not '?')
                afterPoint = false;
            bare.Append(c);
        }
        var text = bare.ToString();
        if (text.Contains('%', StringComparison.Ordinal))
            return (CellKind.Percent, decimals);
        if (!text.Equals("General", StringComparison.OrdinalIgnoreCase) && text.AsSpan().IndexOfAny(DateParts) >= 0)
            return (CellKind.Date, 0);
        if (code.Contains('$', StringComparison.Ordinal) || code.Contains('¤', StringComparison.Ordinal))
            return (CellKind.Currency, decimals);
        return (CellKind.Number, decimals);
    }

    /// <summary>The text Excel shows (es-MX conventions) for a stored number of a kind.</summary>
    public static string Display(CellKind kind, int decimals, double value, bool date1904)
    {
        switch (kind)
        {
            case CellKind.Currency when Math.Abs(value) < 1e15:
                return Model.Money.Format(Math.Round((decimal)value, 2));
            case CellKind.Percent when Math.Abs(value) < 1e13:
                return (value * 100).ToString("F" + Math.Min(decimals, 10).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";
            case CellKind.Date:
                var serial = date1904 ? value + 1462 : value;
                if (serial is < 0 or > 2_958_465)
                    return Plain(value);
                var moment = DateTime.FromOADate(serial);
                return serial < 1
                    ? moment.ToString("HH:mm", CultureInfo.InvariantCulture)
                    : moment.TimeOfDay == TimeSpan.Zero
                        ? moment.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
                        : moment.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
            case CellKind.Boolean:
                return value != 0 ? "VERDADERO" : "FALSO";
            default:
                return Plain(value);
        }
    }

    /// <summary>A stored number as a person wrote it: 3, 0.25, 1505186.61 (15 significant digits, as Excel keeps).</summary>
    public static string Plain(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            return value.ToString(CultureInfo.InvariantCulture);
        if (Math.Abs(value) < 7.9e27)
            return ((decimal)value).ToString(CultureInfo.InvariantCulture);
        return value.ToString("R", CultureInfo.InvariantCulture);
    }
}
