namespace PoaPlatform.Auth;

/// <summary>What a token may do: viewer reads; editor writes its own department; planner manages the year; admin everything.</summary>
public static class PoaRoles
{
    public const string Viewer = "viewer";
    public const string Editor = "editor";
    public const string Planner = "planner";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Editor, Planner, Admin];

    public static bool IsValid(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
