namespace PoaPlatform.Domain.Model;

/// <summary>Sums of values read from a document before the rules have checked them: a sum beyond what a
/// <see cref="decimal"/> holds is null (or the largest value) instead of an exception. Only values beyond the ranges of
/// <c>PoaRules</c> get there, and those are refused with their place anyway.</summary>
public static class Sums
{
    public static decimal? Checked(IEnumerable<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        decimal sum = 0;
        try
        {
            foreach (var value in values)
                sum += value;
            return sum;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The sum of a value of each item, as <see cref="Checked(IEnumerable{decimal})"/>, without an enumerator.</summary>
    public static decimal? Checked<T>(IReadOnlyList<T> items, Func<T, decimal> value)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(value);
        decimal sum = 0;
        try
        {
            for (var i = 0; i < items.Count; i++)
                sum += value(items[i]);
            return sum;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The sum, or ±<see cref="decimal.MaxValue"/> when it does not fit.</summary>
    public static decimal Saturating(IEnumerable<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        decimal sum = 0;
        foreach (var value in values)
        {
            try
            {
                sum += value;
            }
            catch (OverflowException)
            {
                sum = value > 0 ? decimal.MaxValue : decimal.MinValue;
            }
        }
        return sum;
    }
}
