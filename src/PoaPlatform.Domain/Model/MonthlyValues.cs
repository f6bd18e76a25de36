using System.Collections;

namespace PoaPlatform.Domain.Model;

/// <summary>Twelve values, ENE..DIC (months 1..12). Immutable; compares by value.</summary>
[GenerateSerializer, Immutable, Alias("poa.MonthlyValues")]
public sealed class MonthlyValues : IReadOnlyList<decimal>, IEquatable<MonthlyValues>
{
    public static readonly string[] MonthNames = ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC"];
    public static readonly MonthlyValues Zero = new(new decimal[12]);

    [Id(0)] private readonly decimal[] _values;

    public MonthlyValues(IEnumerable<decimal> values) : this(values.ToArray(), nameof(values))
    {
    }

    /// <summary>Takes <paramref name="values"/> as they are, not a copy: callers give an array nobody else holds.</summary>
    private MonthlyValues(decimal[] values, string parameter)
    {
        _values = values;
        if (_values.Length != 12)
            throw new ArgumentException($"A year has 12 months; {_values.Length} values were given.", parameter);
    }

    /// <summary>The values, or the shared <see cref="Zero"/> when every one is exactly 0. The array becomes the year's
    /// own, not a copy (an import reads 12 of them per activity, a summary builds them on every command): give one
    /// that nothing else holds or changes.</summary>
    public static MonthlyValues Of(decimal[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Length == 12 && Array.TrueForAll(values, IsExactZero) ? Zero : new MonthlyValues(values, nameof(values));
    }

    /// <summary>The sum of the twelve months; null when it does not fit a decimal.</summary>
    public decimal? CheckedTotal() => Sums.Checked(_values, static value => value);

    /// <summary>The value of a month, 1 (ENE) to 12 (DIC).</summary>
    public decimal this[int index] => _values[index];

    public decimal OfMonth(int month) => _values[Month.Check(month) - 1];

    public int Count => 12;

    public decimal Total => _values.Sum();

    /// <summary>The sum of months 1..<paramref name="month"/>.</summary>
    public decimal CumulativeTo(int month)
    {
        decimal sum = 0;
        for (var i = 0; i < Month.Check(month); i++)
            sum += _values[i];
        return sum;
    }

    public MonthlyValues With(int month, decimal value)
    {
        var copy = (decimal[])_values.Clone();
        copy[Month.Check(month) - 1] = value;
        return Of(copy);
    }

    /// <summary>Every month is exactly 0 (not 0.00: a sum keeps the scale of its terms, and so does this).</summary>
    public bool IsZero => ReferenceEquals(this, Zero) || Array.TrueForAll(_values, IsExactZero);

    private static bool IsExactZero(decimal value) => value == 0 && value.Scale == 0;

    /// <summary>The month-by-month sum of <paramref name="values"/> (<see cref="Zero"/> for none).</summary>
    public static MonthlyValues Sum(IEnumerable<MonthlyValues> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sum = Zero;
        foreach (var value in values)
            sum = sum.Plus(value);
        return sum;
    }

    // A sum with a year of zeros is the other year itself, and a year of zeros is the shared Zero: most of a city's
    // months (progress not yet reported, moments nobody records) then cost no memory of their own.
    public MonthlyValues Plus(MonthlyValues other) => other.IsZero ? this : IsZero ? other : Combine(null, other);

    public MonthlyValues Minus(MonthlyValues other) => other.IsZero ? this : Combine(other, null);

    /// <summary>This sum less <paramref name="old"/> plus <paramref name="replacement"/> (one of its terms replaced), as
    /// <c>Minus(old).Plus(replacement)</c>; itself when the two are identical to the last digit and scale: a sum has
    /// the largest scale of its terms, so subtracting and adding back a term of it changes nothing.</summary>
    public MonthlyValues Replace(MonthlyValues old, MonthlyValues replacement)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(replacement);
        if (ReferenceEquals(old, replacement) || old.IsIdenticalTo(replacement))
            return this;
        if (old.IsZero)
            return Plus(replacement);
        if (replacement.IsZero)
            return Minus(old);
        // One year for both steps: exact (a sum within the rules never rounds), so the value and the scale (the
        // largest of the three) are those of the two steps.
        return Combine(old, replacement);
    }

    /// <summary>Every month has the same digits and scale (1.0 and 1.00 are equal values, not identical).</summary>
    public bool IsIdenticalTo(MonthlyValues other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(_values.AsSpan())
            .SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(other._values.AsSpan()));
    }

    /// <summary>This year less <paramref name="subtracted"/> plus <paramref name="added"/>, month by month (either may
    /// be null); the shared <see cref="Zero"/> when every month comes out exactly 0.</summary>
    private MonthlyValues Combine(MonthlyValues? subtracted, MonthlyValues? added)
    {
        var sum = new decimal[12];
        var zero = true;
        for (var i = 0; i < 12; i++)
        {
            var value = _values[i];
            if (subtracted is not null)
                value -= subtracted._values[i];
            if (added is not null)
                value += added._values[i];
            sum[i] = value;
            zero &= IsExactZero(value);
        }
        return zero ? Zero : new MonthlyValues(sum, nameof(sum));
    }

    public IEnumerator<decimal> GetEnumerator() => ((IEnumerable<decimal>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(MonthlyValues? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as MonthlyValues);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values)
            hash.Add(value);
        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(" ", _values);
}

/// <summary>Months of the fiscal year, 1 (ENE) to 12 (DIC).</summary>
public static class Month
{
    public static bool IsValid(int month) => month is >= 1 and <= 12;

    public static int Check(int month) =>
        IsValid(month) ? month : throw new ArgumentOutOfRangeException(nameof(month), month, "A month is 1 (ENE) to 12 (DIC).");

    public static string Name(int month) => MonthlyValues.MonthNames[Check(month) - 1];
}
