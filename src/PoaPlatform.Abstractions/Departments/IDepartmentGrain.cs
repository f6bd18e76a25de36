using PoaPlatform.Abstractions.Actions;

namespace PoaPlatform.Abstractions.Departments;

/// <summary>A department's section of the POA, keyed municipality/year/department: its actions and their roll-up.</summary>
public interface IDepartmentGrain : IGrainWithStringKey
{
    /// <summary>The department's figures with the summary of each of its actions.</summary>
    [ReadOnly]
    Task<DepartmentView> GetViewAsync();

    /// <summary>What the POA rolls up. Interleaves: the POA may ask while this department pushes.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<DepartmentSummary> GetSummaryAsync();

    /// <summary>An action pushes its whole summary after every change; an older version is ignored.</summary>
    Task ReportActionAsync(ActionSummary summary);

    /// <summary>Names the department and records the findings of the document it was imported from.</summary>
    Task DescribeAsync(string name, IReadOnlyList<Finding> documentFindings);
}
