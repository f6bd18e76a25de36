namespace PoaPlatform.Abstractions.Consolidation;

/// <summary>The figures every level of the roll-up reports: an action, a department, the POA.</summary>
/// <param name="LargestCoverage">The beneficiaries of the single action that declares the most people. Several actions
/// declare the whole population, so the declared sum is not the number of people reached.</param>
/// <param name="ApprovedInvestment">The investment as approved (the baseline, <i>aprobado</i>); for a programming not
/// yet approved, its current investment: the difference with <see cref="Investment"/> is what modifications changed.</param>
/// <param name="ApprovedProgrammed">The monthly targets as approved, likewise.</param>
/// <param name="Exercised">Pesos exercised (ejercido) month by month: what earlier versions called "spent".</param>
/// <param name="Moments">The other moments of expenditure month by month (approved, modified, committed, accrued,
/// paid); <see cref="Moment"/> reads any of the six.</param>
[GenerateSerializer, Immutable, Alias("poa.Figures")]
public sealed record Figures(
    [property: Id(0)] decimal Investment,
    [property: Id(1)] long BeneficiariesMen,
    [property: Id(2)] long BeneficiariesWomen,
    [property: Id(3)] Beneficiaries LargestCoverage,
    [property: Id(4)] int Actions,
    [property: Id(5)] int Activities,
    [property: Id(6)] MonthlyValues Programmed,
    [property: Id(7)] MonthlyValues Achieved,
    [property: Id(8)] MonthlyValues Exercised,
    [property: Id(9)] int Findings,
    [property: Id(10)] decimal ApprovedInvestment = 0,
    [property: Id(11)] MonthlyValues? ApprovedProgrammed = null,
    [property: Id(12)] MomentMonths? Moments = null)
{
    public static readonly Figures Zero = new(0, 0, 0, Beneficiaries.None, 0, 0,
        MonthlyValues.Zero, MonthlyValues.Zero, MonthlyValues.Zero, 0, 0, MonthlyValues.Zero, MomentMonths.Zero);

    public MomentMonths OtherMoments => Moments ?? MomentMonths.Zero;

    /// <summary>One moment of expenditure, month by month.</summary>
    public MonthlyValues Moment(BudgetMoment moment) => moment == BudgetMoment.Exercised ? Exercised : OtherMoments.Of(moment);

    /// <summary>The approved monthly targets (zero when none were given).</summary>
    public MonthlyValues Approved => ApprovedProgrammed ?? MonthlyValues.Zero;

    /// <summary>Adds the additive figures; the largest coverage is the larger of the two.</summary>
    public Figures Plus(Figures other) => new(
        Investment + other.Investment,
        BeneficiariesMen + other.BeneficiariesMen,
        BeneficiariesWomen + other.BeneficiariesWomen,
        Larger(LargestCoverage, other.LargestCoverage),
        Actions + other.Actions,
        Activities + other.Activities,
        Programmed.Plus(other.Programmed),
        Achieved.Plus(other.Achieved),
        Exercised.Plus(other.Exercised),
        Findings + other.Findings,
        ApprovedInvestment + other.ApprovedInvestment,
        Approved.Plus(other.Approved),
        OtherMoments.Plus(other.OtherMoments));

    /// <summary>Subtracts the additive figures. The largest coverage cannot be subtracted: the caller recomputes it.</summary>
    public Figures Minus(Figures other) => new(
        Investment - other.Investment,
        BeneficiariesMen - other.BeneficiariesMen,
        BeneficiariesWomen - other.BeneficiariesWomen,
        LargestCoverage,
        Actions - other.Actions,
        Activities - other.Activities,
        Programmed.Minus(other.Programmed),
        Achieved.Minus(other.Achieved),
        Exercised.Minus(other.Exercised),
        Findings - other.Findings,
        ApprovedInvestment - other.ApprovedInvestment,
        Approved.Minus(other.Approved),
        OtherMoments.Minus(other.OtherMoments));

    public static Beneficiaries Larger(Beneficiaries a, Beneficiaries b) => b.Total > a.Total ? b : a;
}

/// <summary>The moments of expenditure besides exercised (which figures keep on their own), month by month.</summary>
[GenerateSerializer, Immutable, Alias("poa.MomentMonths")]
public sealed record MomentMonths(
    [property: Id(0)] MonthlyValues Approved,
    [property: Id(1)] MonthlyValues Modified,
    [property: Id(2)] MonthlyValues Committed,
    [property: Id(3)] MonthlyValues Accrued,
    [property: Id(4)] MonthlyValues Paid)
{
    public static readonly MomentMonths Zero = new(MonthlyValues.Zero, MonthlyValues.Zero, MonthlyValues.Zero, MonthlyValues.Zero, MonthlyValues.Zero);

    /// <summary>The moments a list of progress reports gives (one activity's, or several).</summary>
    /// <remarks>One pass over the reported months into five sums, allocated only for a moment somebody recorded (most
    /// offices record none besides exercised): a progress report summarizes its action with this on every command.</remarks>
    public static MomentMonths Of(IReadOnlyList<ActivityProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        decimal[]? approved = null, modified = null, committed = null, accrued = null, paid = null;
        for (var a = 0; a < progress.Count; a++)
        {
            var months = progress[a].Months;
            for (var m = 0; m < months.Count; m++)
            {
                var month = months[m];
                var index = month.Month - 1;
                Add(ref approved, index, month.Approved);
                Add(ref modified, index, month.Modified);
                Add(ref committed, index, month.Committed);
                Add(ref accrued, index, month.Accrued);
                Add(ref paid, index, month.Paid);
            }
        }
        return approved is null && modified is null && committed is null && accrued is null && paid is null
            ? Zero
            : new(Sum(approved), Sum(modified), Sum(committed), Sum(accrued), Sum(paid));

        // An exact 0 (scale 0) changes neither the value nor the scale of a sum: it is not added.
        static void Add(ref decimal[]? sums, int index, decimal value)
        {
            if (value != 0 || value.Scale != 0)
                (sums ??= new decimal[12])[index] += value;
        }

        static MonthlyValues Sum(decimal[]? sums) => sums is null ? MonthlyValues.Zero : MonthlyValues.Of(sums);
    }

    public MonthlyValues Of(BudgetMoment moment) => moment switch
    {
        BudgetMoment.Approved => Approved,
        BudgetMoment.Modified => Modified,
        BudgetMoment.Committed => Committed,
        BudgetMoment.Accrued => Accrued,
        BudgetMoment.Paid => Paid,
        _ => throw new ArgumentOutOfRangeException(nameof(moment), moment, "Exercised is kept by the figures themselves."),
    };

    public MomentMonths Plus(MomentMonths other) => new(Approved.Plus(other.Approved), Modified.Plus(other.Modified),
        Committed.Plus(other.Committed), Accrued.Plus(other.Accrued), Paid.Plus(other.Paid));

    public MomentMonths Minus(MomentMonths other) => new(Approved.Minus(other.Approved), Modified.Minus(other.Modified),
        Committed.Minus(other.Committed), Accrued.Minus(other.Accrued), Paid.Minus(other.Paid));

    /// <summary>These moments less <paramref name="old"/> plus <paramref name="replacement"/>, month by month
    /// (<see cref="MonthlyValues.Replace"/>); itself when no moment changed.</summary>
    public MomentMonths Replace(MomentMonths old, MomentMonths replacement)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(replacement);
        if (ReferenceEquals(old, replacement))
            return this;
        var moments = new MomentMonths(Approved.Replace(old.Approved, replacement.Approved), Modified.Replace(old.Modified, replacement.Modified),
            Committed.Replace(old.Committed, replacement.Committed), Accrued.Replace(old.Accrued, replacement.Accrued), Paid.Replace(old.Paid, replacement.Paid));
        return ReferenceEquals(moments.Approved, Approved) && ReferenceEquals(moments.Modified, Modified) && ReferenceEquals(moments.Committed, Committed)
            && ReferenceEquals(moments.Accrued, Accrued) && ReferenceEquals(moments.Paid, Paid) ? this : moments;
    }

    /// <summary>Equal shares of every month of every moment (<see cref="EqualShares"/>).</summary>
    public MomentMonths[] Split(int parts)
    {
        var approved = MonthlyShares.Split(Approved, parts);
        var modified = MonthlyShares.Split(Modified, parts);
        var committed = MonthlyShares.Split(Committed, parts);
        var accrued = MonthlyShares.Split(Accrued, parts);
        var paid = MonthlyShares.Split(Paid, parts);
        var shares = new MomentMonths[parts];
        for (var i = 0; i < parts; i++)
            shares[i] = new MomentMonths(approved[i], modified[i], committed[i], accrued[i], paid[i]);
        return shares;
    }
}

/// <summary>Equal shares of twelve months (<see cref="EqualShares"/>, month by month).</summary>
public static class MonthlyShares
{
    public static MonthlyValues[] Split(MonthlyValues values, int parts)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (parts == 1)
            return [values];
        var shares = new MonthlyValues[parts];
        if (values.IsZero)
        {
            Array.Fill(shares, MonthlyValues.Zero);
            return shares;
        }
        // Part by part, month by month: a department splits every action with several axes or chapters at each push.
        var parted = new decimal[parts][];
        for (var i = 0; i < parts; i++)
            parted[i] = new decimal[12];
        Span<decimal> split = parts <= 16 ? stackalloc decimal[parts] : new decimal[parts];
        for (var m = 0; m < 12; m++)
        {
            EqualShares.Split(values[m], split);
            for (var i = 0; i < parts; i++)
                parted[i][m] = split[i];
        }
        for (var i = 0; i < parts; i++)
            shares[i] = MonthlyValues.Of(parted[i]);
        return shares;
    }
}

/// <summary>A share of the figures attributed to one axis, one CONAC chapter or one funding source.</summary>
/// <remarks>An action with several axes (or chapters) gives each an equal share of its investment and monthly
/// figures, so a breakdown adds up to the total; <see cref="Actions"/> counts every action that touches the key.</remarks>
[GenerateSerializer, Immutable, Alias("poa.BreakdownEntry")]
public sealed record BreakdownEntry(
    [property: Id(0)] string Key,
    [property: Id(1)] int Actions,
    [property: Id(2)] decimal Investment,
    [property: Id(3)] MonthlyValues Programmed,
    [property: Id(4)] MonthlyValues Achieved,
    [property: Id(5)] MonthlyValues Exercised,
    [property: Id(6)] MomentMonths? Moments = null)
{
    public static BreakdownEntry Empty(string key) =>
        new(key, 0, 0, MonthlyValues.Zero, MonthlyValues.Zero, MonthlyValues.Zero, MomentMonths.Zero);

    public MomentMonths OtherMoments => Moments ?? MomentMonths.Zero;

    public MonthlyValues Moment(BudgetMoment moment) => moment == BudgetMoment.Exercised ? Exercised : OtherMoments.Of(moment);

    public BreakdownEntry Plus(BreakdownEntry other, int sign = 1) => new(
        Key,
        Actions + sign * other.Actions,
        Investment + sign * other.Investment,
        sign > 0 ? Programmed.Plus(other.Programmed) : Programmed.Minus(other.Programmed),
        sign > 0 ? Achieved.Plus(other.Achieved) : Achieved.Minus(other.Achieved),
        sign > 0 ? Exercised.Plus(other.Exercised) : Exercised.Minus(other.Exercised),
        sign > 0 ? OtherMoments.Plus(other.OtherMoments) : OtherMoments.Minus(other.OtherMoments));

    /// <summary>This entry less <paramref name="old"/> plus <paramref name="replacement"/> (two shares of the same key):
    /// the same as <c>Plus(old, -1).Plus(replacement)</c>, with each field that is the same in both left as it is.</summary>
    public BreakdownEntry Replace(BreakdownEntry old, BreakdownEntry replacement)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(replacement);
        return new(Key,
            Actions - old.Actions + replacement.Actions,
            Investment - old.Investment + replacement.Investment,
            Programmed.Replace(old.Programmed, replacement.Programmed),
            Achieved.Replace(old.Achieved, replacement.Achieved),
            Exercised.Replace(old.Exercised, replacement.Exercised),
            OtherMoments.Replace(old.OtherMoments, replacement.OtherMoments));
    }

    public bool IsEmpty => Actions == 0;
}

/// <summary>Splits a value into equal parts that add up to it exactly: each part is the value divided by the number of
/// parts, cut to <see cref="Decimals"/> decimals, and the last takes what remains.</summary>
/// <remarks>With every value inside the ranges of <c>PoaRules</c> the parts have at most six decimals, so a roll-up
/// that adds and subtracts them never rounds: it stays equal to a recomputation from scratch (docs/decisions/0007).
/// Dividing without cutting gives 28 significant digits, which the additions then round, leaving residues that a
/// compliance ratio can blow up.</remarks>
public static class EqualShares
{
    public const int Decimals = 6;

    public static decimal[] Split(decimal value, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        var shares = new decimal[parts];
        Split(value, shares);
        return shares;
    }

    /// <summary><see cref="Split(decimal, int)"/> into as many parts as <paramref name="shares"/> holds.</summary>
    public static void Split(decimal value, Span<decimal> shares)
    {
        var parts = shares.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1, nameof(shares));
        if (parts == 1)
        {
            shares[0] = value;
            return;
        }
        var each = Math.Round(value / parts, Decimals, MidpointRounding.ToZero);
        shares[..^1].Fill(each);
        shares[^1] = value - each * (parts - 1);
    }
}
