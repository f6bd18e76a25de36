using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Consolidation;

namespace PoaPlatform.Abstractions.Departments;

/// <summary>What a department pushes to the POA: its figures, breakdowns and findings, with a version.</summary>
[GenerateSerializer, Immutable, Alias("poa.DepartmentSummary")]
public sealed record DepartmentSummary(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] string Name,
    [property: Id(3)] Figures Figures,
    [property: Id(4)] IReadOnlyList<BreakdownEntry> ByAxis,
    [property: Id(5)] IReadOnlyList<BreakdownEntry> ByChapter,
    [property: Id(6)] IReadOnlyList<Finding> Findings,
    [property: Id(7)] DepartmentCycle? Cycle = null,
    [property: Id(8)] IReadOnlyList<BreakdownEntry>? BySource = null)
{
    public DepartmentCycle CycleOrStart => Cycle ?? DepartmentCycle.Start;

    public string Slug => PoaKeys.Leaf(Key);
}

/// <summary>A department dashboard's data: the summary and each action's summary, in number order.</summary>
[GenerateSerializer, Immutable, Alias("poa.DepartmentView")]
public sealed record DepartmentView(
    [property: Id(0)] DepartmentSummary Summary,
    [property: Id(1)] IReadOnlyList<ActionSummary> Actions);
