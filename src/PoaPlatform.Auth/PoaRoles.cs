namespace PoaPlatform.Auth;

/// <summary>Who may do what. A viewer reads; an editor writes its own department; a planner runs the year of its
/// municipality (creates actions, imports, opens years); an admin of a municipality does all of that there and
/// manages its users; a superadmin operates the whole deployment (municipalities, their first admins).</summary>
public static class PoaRoles
{
    public const string Viewer = "viewer";
    public const string Editor = "editor";
    public const string Planner = "planner";
    public const string Admin = "admin";
    public const string SuperAdmin = "superadmin";

    /// <summary>The roles within one municipality, from least to most.</summary>
    public static readonly IReadOnlyList<string> OfMunicipality = [Viewer, Editor, Planner, Admin];

    public static readonly IReadOnlyList<string> All = [Viewer, Editor, Planner, Admin, SuperAdmin];

    public static bool IsValid(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>Roles that belong to one department (the others act on the whole municipality).</summary>
    public static bool NeedsDepartment(string role) => role is Editor;
}
