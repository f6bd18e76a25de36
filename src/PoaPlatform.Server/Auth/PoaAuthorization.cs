using System.Security.Claims;
using GraphQL;
using Microsoft.Extensions.Options;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Auth;

namespace PoaPlatform.Server.Auth;

/// <summary>Every permission in one place, for HTTP, WebSocket and the download endpoints alike: it compares the user's
/// municipality, department and role with the municipality, year and department a request reads or writes.</summary>
/// <remarks>
/// | role       | reads                                       | edits actions         | creates/deletes actions | imports, opens years | manages users |
/// |------------|---------------------------------------------|-----------------------|-------------------------|----------------------|---------------|
/// | anonymous  | if Auth:PublicRead                          | —                     | —                       | —                    | —             |
/// | viewer     | its municipality (any, if PublicRead)       | —                     | —                       | —                    | —             |
/// | editor     | same                                        | its department        | its department          | —                    | —             |
/// | planner    | same                                        | — (progress belongs to the offices) | its municipality | its municipality  | —             |
/// | admin      | same                                        | its municipality      | its municipality        | its municipality     | its municipality |
/// | superadmin | every municipality                          | every municipality    | every municipality      | every municipality   | every municipality, and creates municipalities |
/// A write names a municipality and a year that exist (<see cref="PoaDirectory"/>), or it is NOT_FOUND.
/// </remarks>
public sealed class PoaAuthorization(IOptions<AuthOptions> options, PoaDirectory directory)
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string PasswordChangeRequired = "PASSWORD_CHANGE_REQUIRED";

    public PoaDirectory Directory => directory;

    /// <summary>Reading a POA: it must exist, and be public or the user's municipality's.</summary>
    public void EnsureCanRead(ClaimsPrincipal? principal, string municipality, int year)
    {
        EnsureCanReadMunicipality(principal, municipality);
        if (!directory.HasYear(municipality, year))
            throw Error(ErrorCodes.NotFound, $"There is no POA {year} for {municipality}; its years are {Years(municipality)}.");
    }

    /// <summary>Reading what a municipality publishes (its years, its POAs).</summary>
    public void EnsureCanReadMunicipality(ClaimsPrincipal? principal, string municipality)
    {
        if (directory.Find(municipality) is null)
            throw Error(ErrorCodes.NotFound, $"There is no municipality \"{municipality}\" in this deployment.");
        if (options.Value.PublicRead)
            return;
        var user = Active(principal, "Reading needs you to sign in (Auth:PublicRead is false).");
        if (!user.BelongsTo(municipality))
            throw Error(Forbidden, $"A user of {user.Municipality} cannot read {municipality}.");
    }

    /// <summary>Whether who changed what is shown: to signed-in users of the municipality.</summary>
    public static bool CanSeeWho(ClaimsPrincipal? principal, string municipality) =>
        PoaUser.From(principal) is { MustChangePassword: false } user && user.BelongsTo(municipality);

    /// <summary>Edits inside an existing action: editors of its department, admins of its municipality.</summary>
    public Editor EnsureCanEdit(ClaimsPrincipal? principal, string municipality, int year, string department)
    {
        var user = Active(principal, "Changing the POA needs you to sign in.");
        EnsureWritable(municipality, year);
        if (user.IsSuperAdmin || (user.Municipality == municipality && (user.Role == PoaRoles.Admin ||
            (user.Role == PoaRoles.Editor && user.Department == department))))
            return user.Editor;
        throw Error(Forbidden, Refusal(user, municipality, department, "edit the actions of"));
    }

    /// <summary>Creating or deleting an action: editors of its department, planners and admins of its municipality.</summary>
    public Editor EnsureCanManageActions(ClaimsPrincipal? principal, string municipality, int year, string department)
    {
        var user = Active(principal, "Changing the POA needs you to sign in.");
        EnsureWritable(municipality, year);
        if (user.IsSuperAdmin || (user.Municipality == municipality && (user.Role is PoaRoles.Admin or PoaRoles.Planner ||
            (user.Role == PoaRoles.Editor && user.Department == department))))
            return user.Editor;
        throw Error(Forbidden, Refusal(user, municipality, department, "create or delete actions of"));
    }

    /// <summary>Importing into a municipality (also a dry run): its planners and admins. A real import also needs its
    /// year to exist (<see cref="EnsureWritable"/>, once the document says which year it is).</summary>
    public Editor EnsureCanImport(ClaimsPrincipal? principal, string municipality)
    {
        if (directory.Find(municipality) is null)
            throw Error(ErrorCodes.NotFound, $"There is no municipality \"{municipality}\" in this deployment; an operator adds it first.");
        return EnsurePlanner(principal, municipality, "import into").Editor;
    }

    /// <summary>Opening a year of a municipality: its planners and admins.</summary>
    public Editor EnsureCanOpenYear(ClaimsPrincipal? principal, string municipality)
    {
        if (directory.Find(municipality) is null)
            throw Error(ErrorCodes.NotFound, $"There is no municipality \"{municipality}\"; an operator adds it first.");
        return EnsurePlanner(principal, municipality, "open a year of").Editor;
    }

    /// <summary>A transition of a department's year: editors of the department (and admins) submit; planners and admins
    /// review, return and approve; admins reopen an approved POA.</summary>
    public Editor EnsureCanTransition(ClaimsPrincipal? principal, string municipality, int year, string department, CycleTransition transition)
    {
        var user = Active(principal, "Changing the POA's status needs you to sign in.");
        EnsureWritable(municipality, year);
        var allowed = user.IsSuperAdmin || (user.Municipality == municipality && transition switch
        {
            CycleTransition.Submit => user.Role == PoaRoles.Admin || (user.Role == PoaRoles.Editor && user.Department == department),
            CycleTransition.TakeForReview or CycleTransition.Return or CycleTransition.Approve => user.Role is PoaRoles.Planner or PoaRoles.Admin,
            CycleTransition.Reopen => user.Role == PoaRoles.Admin,
            _ => false,
        });
        return allowed ? user.Editor : throw Error(Forbidden, transition switch
        {
            CycleTransition.Submit => Refusal(user, municipality, department, "submit the POA of"),
            CycleTransition.Reopen => $"Only an admin of {municipality} reopens an approved POA.",
            _ => $"Only the planning unit of {municipality} (planners, admins) reviews, returns and approves POAs.",
        });
    }

    /// <summary>The planning unit's other work: the calendar, reopening months, deciding modification requests.</summary>
    public Editor EnsureCanPlan(ClaimsPrincipal? principal, string municipality, int year)
    {
        var user = EnsurePlanner(principal, municipality, "plan the year of");
        EnsureWritable(municipality, year);
        return user.Editor;
    }

    /// <summary>Taking part in a thread: the department's editors and the municipality's planners and admins.</summary>
    public PoaUser EnsureCanComment(ClaimsPrincipal? principal, string municipality, int year, string department)
    {
        var user = Active(principal, "Commenting needs you to sign in.");
        EnsureWritable(municipality, year);
        if (user.IsSuperAdmin || (user.Municipality == municipality && (user.Role is PoaRoles.Admin or PoaRoles.Planner ||
            (user.Role == PoaRoles.Editor && user.Department == department))))
            return user;
        throw Error(Forbidden, Refusal(user, municipality, department, "comment on"));
    }

    /// <summary>Managing the users of a municipality: its admins.</summary>
    public PoaUser EnsureCanManageUsers(ClaimsPrincipal? principal, string municipality)
    {
        var user = Active(principal, "Managing users needs you to sign in.");
        if (user.IsSuperAdmin || (user.Municipality == municipality && user.Role == PoaRoles.Admin))
            return user;
        throw Error(Forbidden, $"Only an admin of {municipality} manages its users.");
    }

    /// <summary>Adding municipalities: operators of the deployment.</summary>
    public PoaUser EnsureOperator(ClaimsPrincipal? principal)
    {
        var user = Active(principal, "This needs an operator of the deployment to sign in.");
        return user.IsSuperAdmin ? user : throw Error(Forbidden, "Only an operator of the deployment (superadmin) adds municipalities.");
    }

    /// <summary>Any signed-in user, also one who must still change the password (to change it, to see who they are).</summary>
    public static PoaUser EnsureSignedIn(ClaimsPrincipal? principal) =>
        PoaUser.From(principal) ?? throw Error(Unauthenticated, "Sign in first.");

    private static PoaUser EnsurePlanner(ClaimsPrincipal? principal, string municipality, string what)
    {
        var user = Active(principal, "Changing the POA needs you to sign in.");
        if (user.IsSuperAdmin || (user.Municipality == municipality && user.Role is PoaRoles.Admin or PoaRoles.Planner))
            return user;
        throw Error(Forbidden, Refusal(user, municipality, null, what));
    }

    /// <summary>A write names a municipality and a year that exist.</summary>
    public void EnsureWritable(string municipality, int year)
    {
        if (directory.Find(municipality) is null)
            throw Error(ErrorCodes.NotFound, $"There is no municipality \"{municipality}\" in this deployment; an operator adds it first.");
        if (!directory.HasYear(municipality, year))
            throw Error(ErrorCodes.NotFound, $"{municipality} has no POA {year}; its years are {Years(municipality)}. A planner opens a year with openYear.");
    }

    /// <summary>A signed-in user with a role who may act (not one who must change the password first).</summary>
    private static PoaUser Active(ClaimsPrincipal? principal, string unauthenticated)
    {
        var user = PoaUser.From(principal) ?? throw Error(Unauthenticated, unauthenticated);
        if (!PoaRoles.IsValid(user.Role))
            throw Error(Forbidden, "Your account has no role yet: an admin of your municipality assigns it.");
        if (user.MustChangePassword)
            throw Error(PasswordChangeRequired, "Choose a new password first (/cambiar-contrasena).");
        if (!user.IsSuperAdmin && user.Municipality.Length == 0)
            throw Error(Forbidden, "Your token names no municipality; issue a new one.");
        return user;
    }

    private string Years(string municipality) =>
        directory.Find(municipality) is { Years.Count: > 0 } m ? string.Join(", ", m.Years) : "none yet";

    private static string Refusal(PoaUser user, string municipality, string? department, string what) =>
        user.Municipality != municipality
            ? $"A user of {(user.Municipality.Length == 0 ? "no municipality" : user.Municipality)} cannot {what} {municipality}."
            : user.Role == PoaRoles.Editor && department is not null
                ? $"An editor of '{user.Department}' cannot {what} '{department}'."
                : $"The role '{user.Role}' cannot {what} {(department is null ? municipality : $"'{department}'")}.";

    private static ExecutionError Error(string code, string message) => new(message) { Code = code };
}
