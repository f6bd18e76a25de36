namespace PoaPlatform.Abstractions.Consolidation;

/// <summary>The figures every level of the roll-up reports: an action, a department, the POA.</summary>
/// <param name="LargestCoverage">The beneficiaries of the single action that declares the most people. Several actions
/// declare the whole population, so the declared sum is not the number of people reached.</param>
/// <param name="ApprovedInvestment">The investment as approved (the baseline, <i>aprobado</i>); for a programming not
/// yet approved, its current investment: the difference with <see cref="Investment"/> is what modifications changed.</param>
/// <param name="ApprovedProgrammed">The monthly targets as approved, likewise.</param>
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
    [property: Id(8)] MonthlyValues Spent,
    [property: Id(9)] int Findings,
    [property: Id(10)] decimal ApprovedInvestment = 0,
    [property: Id(11)] MonthlyValues? ApprovedProgrammed = null)
{
    public static readonly Figures Zero = new(0, 0, 0, Beneficiaries.None, 0, 0,
        MonthlyValues.Zero, MonthlyValues.Zero, MonthlyValues.Zero, 0, 0, MonthlyValues.Zero);

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
        Spent.Plus(other.Spent),
        Findings + other.Findings,
        ApprovedInvestment + other.ApprovedInvestment,
        Approved.Plus(other.Approved));

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
        Spent.Minus(other.Spent),
        Findings - other.Findings,
        ApprovedInvestment - other.ApprovedInvestment,
        Approved.Minus(other.Approved));

    public static Beneficiaries Larger(Beneficiaries a, Beneficiaries b) => b.Total > a.Total ? b : a;
}

/// <summary>A share of the figures attributed to one axis or one CONAC chapter.</summary>
/// <remarks>An action with several axes (or chapters) gives each an equal share of its investment and monthly
/// figures, so a breakdown adds up to the total; <see cref="Actions"/> counts every action that touches the key.</remarks>
[GenerateSerializer, Immutable, Alias("poa.BreakdownEntry")]
public sealed record BreakdownEntry(
    [property: Id(0)] string Key,
    [property: Id(1)] int Actions,
    [property: Id(2)] decimal Investment,
    [property: Id(3)] MonthlyValues Programmed,
    [property: Id(4)] MonthlyValues Achieved,
    [property: Id(5)] MonthlyValues Spent)
{
    public static BreakdownEntry Empty(string key) =>
        new(key, 0, 0, MonthlyValues.Zero, MonthlyValues.Zero, MonthlyValues.Zero);

    public BreakdownEntry Plus(BreakdownEntry other, int sign = 1) => new(
        Key,
        Actions + sign * other.Actions,
        Investment + sign * other.Investment,
        sign > 0 ? Programmed.Plus(other.Programmed) : Programmed.Minus(other.Programmed),
        sign > 0 ? Achieved.Plus(other.Achieved) : Achieved.Minus(other.Achieved),
        sign > 0 ? Spent.Plus(other.Spent) : Spent.Minus(other.Spent));

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
        if (parts == 1)
        {
            shares[0] = value;
            return shares;
        }
        var each = Math.Round(value / parts, Decimals, MidpointRounding.ToZero);
        for (var i = 0; i < parts - 1; i++)
            shares[i] = each;
        shares[^1] = value - each * (parts - 1);
        return shares;
    }
}
