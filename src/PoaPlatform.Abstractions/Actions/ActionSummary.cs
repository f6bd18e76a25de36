using PoaPlatform.Abstractions.Consolidation;

namespace PoaPlatform.Abstractions.Actions;

/// <summary>What an action pushes to its department: the whole summary with its version, never a delta.</summary>
/// <param name="ProgrammingVersion">The version that last changed the programming (not the progress): submission
/// records it, approval checks it did not move.</param>
/// <param name="PendingRequests">Modification requests waiting for the planning unit.</param>
/// <param name="BaselineApproval">The approval whose programming <see cref="Figures"/>' approved figures are.</param>
/// <remarks>A parent keeps the newest summary per child and ignores one whose version is not newer, so a retry or a
/// duplicate push is harmless.</remarks>
[GenerateSerializer, Immutable, Alias("poa.ActionSummary")]
public sealed record ActionSummary(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] int Number,
    [property: Id(3)] string Name,
    [property: Id(4)] IReadOnlyList<string> Axes,
    [property: Id(5)] IReadOnlyList<int> Chapters,
    [property: Id(6)] Figures Figures,
    [property: Id(7)] IReadOnlyList<Finding> Findings,
    [property: Id(8)] bool Deleted,
    [property: Id(9)] long ProgrammingVersion = 0,
    [property: Id(10)] int PendingRequests = 0,
    [property: Id(11)] int BaselineApproval = 0,
    [property: Id(12)] IReadOnlyList<BreakdownEntry>? Sources = null,
    [property: Id(13)] IndicatorSheet? Judging = null)
{
    // Judging: how the action's own indicator is judged (its frequency and direction only, the rest of the sheet
    // stays with the action), so a list of actions shows their compliance without loading each one.

    /// <summary>The key of activities that name no funding source (and of an action without activities).</summary>
    public const string NoSource = "sin-fuente";

    /// <summary>The action's figures by funding source, activity by activity (not equal shares: each activity has one
    /// source).</summary>
    public IEnumerable<BreakdownEntry> SourceShares() => Deleted ? [] : Sources ?? [];

    /// <summary>The figures against the department's current approval: a baseline the action kept for an older approval
    /// is not the approved programming any more, the current programming is (nothing changed since).</summary>
    public Figures FiguresAt(int approvalNumber) => BaselineApproval == approvalNumber
        ? Figures
        : Figures with { ApprovedInvestment = Figures.Investment, ApprovedProgrammed = Figures.Programmed };

    /// <summary>The action's share of each axis: every axis gets an equal part (<see cref="EqualShares"/>).</summary>
    public IEnumerable<BreakdownEntry> AxisShares() => Shares(Axes.Count == 0 ? ["Sin eje"] : Axes);

    /// <summary>The action's share of each CONAC chapter ("0" when it names no budget item).</summary>
    public IEnumerable<BreakdownEntry> ChapterShares() =>
        Shares(Chapters.Count == 0 ? ["0"] : Chapters.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());

    private IEnumerable<BreakdownEntry> Shares(IReadOnlyList<string> keys)
    {
        if (Deleted)
            yield break;
        var n = keys.Count;
        var investment = EqualShares.Split(Figures.Investment, n);
        var programmed = MonthlyShares.Split(Figures.Programmed, n);
        var achieved = MonthlyShares.Split(Figures.Achieved, n);
        var exercised = MonthlyShares.Split(Figures.Exercised, n);
        var moments = n == 1 ? [Figures.OtherMoments] : Figures.OtherMoments.Split(n);
        for (var i = 0; i < n; i++)
            yield return new BreakdownEntry(keys[i], 1, investment[i], programmed[i], achieved[i], exercised[i], moments[i]);
    }
}
