using System.Security.Claims;
using GraphQL;
using Microsoft.Extensions.Options;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Auth;

namespace PoaPlatform.Server.Auth;

/// <summary>What a token may do, checked by the resolvers before they call a grain.</summary>
/// <remarks>
/// | role    | read            | edit an action (fields, activities, targets, progress) | create/delete an action | importPoa |
/// |---------|-----------------|---------------------------------------------------------|-------------------------|-----------|
/// | none    | if PublicRead   | no (UNAUTHENTICATED)                                    | no                      | no        |
/// | viewer  | yes             | no (FORBIDDEN)                                          | no                      | no        |
/// | editor  | yes             | own department only                                     | own department only     | no        |
/// | planner | yes             | no: progress belongs to the offices                     | any department          | yes       |
/// | admin   | yes             | any department                                          | any department          | yes       |
/// With PublicRead false any valid token reads everything: the POA is public once published, the switch only keeps
/// a draft year away from anonymous readers.
/// </remarks>
public sealed class PoaAuthorization(IOptions<AuthOptions> options)
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";

    public void EnsureCanRead(ClaimsPrincipal? user)
    {
        if (!options.Value.PublicRead && !IsAuthenticated(user))
            throw Error(Unauthenticated, "Reading this POA needs a token (Auth:PublicRead is false).");
    }

    /// <summary>Edits inside an existing action: editors of its department and admins.</summary>
    public Editor EnsureCanEdit(ClaimsPrincipal? user, string departmentSlug)
    {
        var (editor, role) = Authenticated(user);
        if (role == PoaRoles.Admin || (role == PoaRoles.Editor && editor.Department == departmentSlug))
            return editor;
        throw Error(Forbidden, role == PoaRoles.Editor
            ? $"An editor of '{editor.Department}' cannot change '{departmentSlug}'."
            : $"The role '{role}' cannot edit actions.");
    }

    /// <summary>Creating or deleting an action: editors of its department, planners and admins.</summary>
    public Editor EnsureCanManageActions(ClaimsPrincipal? user, string departmentSlug)
    {
        var (editor, role) = Authenticated(user);
        if (role is PoaRoles.Admin or PoaRoles.Planner || (role == PoaRoles.Editor && editor.Department == departmentSlug))
            return editor;
        throw Error(Forbidden, role == PoaRoles.Editor
            ? $"An editor of '{editor.Department}' cannot create or delete actions of '{departmentSlug}'."
            : $"The role '{role}' cannot create or delete actions.");
    }

    /// <summary>Importing a whole POA: planners and admins.</summary>
    public Editor EnsureCanImport(ClaimsPrincipal? user)
    {
        var (editor, role) = Authenticated(user);
        if (role is PoaRoles.Admin or PoaRoles.Planner)
            return editor;
        throw Error(Forbidden, $"The role '{role}' cannot import a POA.");
    }

    private static (Editor Editor, string Role) Authenticated(ClaimsPrincipal? user)
    {
        if (user is null || !IsAuthenticated(user))
            throw Error(Unauthenticated, "Changing the POA needs a token.");
        var role = user.FindFirstValue(PoaClaims.Role);
        if (!PoaRoles.IsValid(role))
            throw Error(Forbidden, "The token carries no known role.");
        var name = user.FindFirstValue(PoaClaims.Subject) ?? user.FindFirstValue(PoaClaims.Name) ?? "unknown";
        return (new Editor(name, user.FindFirstValue(PoaClaims.Department) ?? ""), role!);
    }

    private static bool IsAuthenticated(ClaimsPrincipal? user) => user?.Identity?.IsAuthenticated == true;

    private static ExecutionError Error(string code, string message) => new(message) { Code = code };
}
