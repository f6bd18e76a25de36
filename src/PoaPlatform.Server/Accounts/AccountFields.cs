using GraphQL;
using GraphQL.Types;
using PoaPlatform.Auth;
using PoaPlatform.Auth.Accounts;
using PoaPlatform.Persistence.Accounts;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Accounts;

/// <summary>Who is signed in (<c>me</c>, with its API tokens), and the administration of a municipality's users:
/// list, create, change role/department, disable, reset a password; an admin sees and manages only the users of its
/// own municipality. Personal API tokens: created (shown once), listed, revoked.</summary>
public static class AccountFields
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<MeType>("me").Description("The signed-in user; null for an anonymous request.")
            .Resolve(context => PoaUser.From(context.User));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserType>>>>("users")
            .Description("The users of a municipality (its admins; operators may ask for every municipality with \"\").")
            .Argument<NonNullGraphType<StringGraphType>>("municipality")
            .ResolveAsync(async context =>
            {
                var municipality = Slugs.From(context.GetArgument<string>("municipality"));
                var user = context.Authorization().EnsureCanManageUsers(context.User, municipality);
                var users = await context.Accounts().Users.ListAsync(municipality.Length == 0 && user.IsSuperAdmin ? null : municipality, context.CancellationToken);
                return users;
            });
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AccountEventType>>>>("accountEvents")
            .Description("Sign-ins, failures, lockouts and account changes of a municipality, newest first (its admins).")
            .Argument<NonNullGraphType<StringGraphType>>("municipality")
            .Argument<NonNullGraphType<IntGraphType>>("first", a => a.DefaultValue = 50)
            .ResolveAsync(async context =>
            {
                var municipality = Slugs.From(context.GetArgument<string>("municipality"));
                context.Authorization().EnsureCanManageUsers(context.User, municipality);
                var first = context.GetArgument<int>("first");
                if (first is < 1 or > 500)
                    throw PoaErrors.Of(PoaPlatform.Abstractions.Editing.ErrorCodes.Validation, "first is 1 to 500.", "first");
                return await context.Accounts().Events.ReadAsync(municipality, first, context.CancellationToken);
            });
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<UserWithPasswordType>>("createUser")
            .Description("Creates a user of a municipality with a one-time password, shown once: the user changes it at the first sign-in.")
            .Argument<NonNullGraphType<CreateUserInputType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<CreateUserInput>("input");
                var municipality = Slugs.From(input.Municipality);
                var admin = context.Authorization().EnsureCanManageUsers(context.User, municipality);
                if (input.Role == PoaRoles.SuperAdmin && !admin.IsSuperAdmin)
                    throw Error(PoaAuthorization.Forbidden, "Only an operator creates operators.");
                var (user, password) = await Run(() => context.Accounts().CreateAsync(
                    new NewUser(input.Email, input.DisplayName ?? "", municipality, input.Department, input.Role), admin.Name, context.CancellationToken));
                return new UserWithPassword(user, password);
            });
        mutation.Field<NonNullGraphType<UserType>>("updateUser")
            .Description("Changes the fields given of a user: name, role, department, active (disabling ends its sessions and tokens' access).")
            .Argument<NonNullGraphType<UpdateUserInputType>>("input")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<UpdateUserInput>("input");
                var (admin, target) = await ManagedAsync(context, input.Id);
                if (input.Role == PoaRoles.SuperAdmin && !admin.IsSuperAdmin)
                    throw Error(PoaAuthorization.Forbidden, "Only an operator makes operators.");
                var updated = await Run(() => context.Accounts().UpdateAsync(target.Id,
                    new UserChanges(input.DisplayName, input.Role, input.Department, input.Active, ClearDepartment: input.Department is { Length: 0 }), admin.Name, context.CancellationToken));
                context.RequestServices!.GetRequiredService<SessionValidator>().Changed();
                return updated;
            });
        mutation.Field<NonNullGraphType<UserWithPasswordType>>("resetPassword")
            .Description("Gives a user a new one-time password, shown once; the user changes it at the next sign-in.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async context =>
            {
                var (admin, target) = await ManagedAsync(context, context.GetArgument<string>("id"));
                var password = await Run(() => context.Accounts().ResetPasswordAsync(target.Id, admin.Name, context.CancellationToken));
                context.RequestServices!.GetRequiredService<SessionValidator>().Changed();
                return new UserWithPassword((await context.Accounts().Users.FindByIdAsync(target.Id, context.CancellationToken))!, password);
            });
        mutation.Field<NonNullGraphType<CreatedApiTokenType>>("createApiToken")
            .Description("A personal API token for an integration: send it as 'Authorization: Bearer …'; it acts with your permissions. The secret is shown only now.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<IntGraphType>>("expiresInDays", a => a.DefaultValue = 90)
            .ResolveAsync(async context =>
            {
                var account = await SignedInAccountAsync(context);
                var days = context.GetArgument<int>("expiresInDays");
                var (token, secret) = await Run(() => context.Accounts().CreateTokenAsync(account, context.GetArgument<string>("name"),
                    TimeSpan.FromDays(days), context.CancellationToken));
                return new CreatedApiToken(token, secret);
            });
        mutation.Field<NonNullGraphType<ApiTokenType>>("revokeApiToken")
            .Description("Revokes one of your API tokens: it stops working at once, also on open WebSockets.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async context =>
            {
                var account = await SignedInAccountAsync(context);
                var id = context.GetArgument<string>("id");
                await Run(async () =>
                {
                    await context.Accounts().RevokeTokenAsync(account, id, context.CancellationToken);
                    return true;
                });
                context.RequestServices!.GetRequiredService<SessionValidator>().Changed();
                return await context.Accounts().Tokens.FindAsync(id, context.CancellationToken);
            });
    }

    /// <summary>The signed-in account (not a development token: those have no account).</summary>
    private static async Task<UserAccount> SignedInAccountAsync(IResolveFieldContext context)
    {
        var user = PoaAuthorization.EnsureSignedIn(context.User);
        if (user.MustChangePassword)
            throw Error(PoaAuthorization.PasswordChangeRequired, "Choose a new password first (/cambiar-contrasena).");
        return await context.Accounts().Users.FindByIdAsync(user.Id, context.CancellationToken)
            ?? throw Error(PoaAuthorization.Forbidden, "A development token has no account: sign in as a user to manage API tokens.");
    }

    /// <summary>The admin and the user it may manage (one of its municipality), or an error.</summary>
    private static async Task<(PoaUser Admin, UserAccount Target)> ManagedAsync(IResolveFieldContext context, string id)
    {
        var target = await context.Accounts().Users.FindByIdAsync(id, context.CancellationToken);
        var caller = PoaAuthorization.EnsureSignedIn(context.User);
        if (target is null || (!caller.IsSuperAdmin && target.Municipality != caller.Municipality))
            throw Error(PoaPlatform.Abstractions.Editing.ErrorCodes.NotFound, $"There is no user {id} in your municipality.");
        return (context.Authorization().EnsureCanManageUsers(context.User, target.Municipality), target);
    }

    private static async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (AccountException e)
        {
            var error = Error(e.Code, e.Message);
            if (e.Field is not null)
                error.Extensions = new() { ["field"] = e.Field };
            throw error;
        }
    }

    private static AccountService Accounts(this IResolveFieldContext context) => context.RequestServices!.GetRequiredService<AccountService>();

    private static PoaAuthorization Authorization(this IResolveFieldContext context) => context.RequestServices!.GetRequiredService<PoaAuthorization>();

    private static ExecutionError Error(string code, string message) => new(message) { Code = code };
}
