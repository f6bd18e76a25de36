using PoaPlatform.Abstractions.Departments;

namespace PoaPlatform.Server.Departments;

/// <summary>A department as the query sees it: its summary and the year it belongs to.</summary>
public sealed record DepartmentNode(int Year, DepartmentSummary Summary)
{
    public string Key => Summary.Key;

    public string Slug => Summary.Slug;
}
