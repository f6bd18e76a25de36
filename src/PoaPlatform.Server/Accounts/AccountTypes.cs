using GraphQL;
using GraphQL.Types;
using PoaPlatform.Auth.Accounts;
using PoaPlatform.Persistence.Accounts;
using PoaPlatform.Server.Auth;

namespace PoaPlatform.Server.Accounts;

public sealed class MeType : ObjectGraphType<PoaUser>
{
    public MeType()
    {
        Name = "Me";
        Description = "The signed-in user.";
        Field(u => u.Id);
        Field(u => u.Name).Description("The email, or the name of a development token.");
        Field(u => u.Municipality).Description("Empty for an operator of the deployment.");
        Field<StringGraphType>("department").Resolve(c => c.Source.Department.Length == 0 ? null : c.Source.Department);
        Field(u => u.Role);
        Field(u => u.MustChangePassword);
        Field(u => u.AuthMethod).Description("password, oidc, api-token, development-token.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ApiTokenType>>>>("apiTokens").Description("Your API tokens, newest first.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<AccountService>().Tokens.ListAsync(c.Source.Id, c.CancellationToken));
    }
}

public sealed class UserType : ObjectGraphType<UserAccount>
{
    public UserType()
    {
        Name = "User";
        Description = "A person's account.";
        Field(u => u.Id);
        Field(u => u.Email);
        Field(u => u.DisplayName);
        Field(u => u.Municipality);
        Field(u => u.Department, nullable: true);
        Field(u => u.Role).Description("viewer, editor, planner, admin, superadmin; empty while waiting for an admin.");
        Field(u => u.Active);
        Field(u => u.MustChangePassword);
        Field(u => u.LockoutEnd, nullable: true).Description("Locked after five wrong passwords until then (UTC).");
        Field<NonNullGraphType<BooleanGraphType>>("singleSignOn").Description("Signs in through the city's provider.").Resolve(c => c.Source.ExternalSubject is not null);
        Field(u => u.CreatedAt);
    }
}

public sealed record UserWithPassword(UserAccount User, string OneTimePassword);

public sealed class UserWithPasswordType : ObjectGraphType<UserWithPassword>
{
    public UserWithPasswordType()
    {
        Name = "UserWithPassword";
        Field<NonNullGraphType<UserType>>("user").Resolve(c => c.Source.User);
        Field(u => u.OneTimePassword).Description("Shown only now; the user must change it at the next sign-in.");
    }
}

public sealed class ApiTokenType : ObjectGraphType<ApiTokenRecord>
{
    public ApiTokenType()
    {
        Name = "ApiToken";
        Field(t => t.Id);
        Field(t => t.Name);
        Field(t => t.Prefix).Description("The start of the token (poa_<prefix>_…), to recognise it.");
        Field(t => t.CreatedAt);
        Field(t => t.ExpiresAt);
        Field(t => t.RevokedAt, nullable: true);
        Field(t => t.LastUsedAt, nullable: true);
    }
}

public sealed record CreatedApiToken(ApiTokenRecord Token, string Secret);

public sealed class CreatedApiTokenType : ObjectGraphType<CreatedApiToken>
{
    public CreatedApiTokenType()
    {
        Name = "CreatedApiToken";
        Field<NonNullGraphType<ApiTokenType>>("token").Resolve(c => c.Source.Token);
        Field(t => t.Secret).Description("The whole token, shown only now: poa_<prefix>_<secret>.");
    }
}

public sealed class AccountEventType : ObjectGraphType<AccountEvent>
{
    public AccountEventType()
    {
        Name = "AccountEvent";
        Description = "Something that happened to an account: signIn, signInFailed, lockedOut, userCreated, passwordReset, apiTokenCreated, ...";
        Field(e => e.AtUtc);
        Field(e => e.Email);
        Field(e => e.Event);
        Field(e => e.ClientAddress);
        Field(e => e.Detail);
    }
}

public sealed class CreateUserInput
{
    public string Email { get; set; } = "";

    public string? DisplayName { get; set; }

    public string Municipality { get; set; } = "";

    public string? Department { get; set; }

    public string Role { get; set; } = "";
}

public sealed class CreateUserInputType : InputObjectGraphType<CreateUserInput>
{
    public CreateUserInputType()
    {
        Name = "CreateUserInput";
        Field(i => i.Email);
        Field(i => i.DisplayName, nullable: true);
        Field(i => i.Municipality);
        Field(i => i.Department, nullable: true).Description("The department's slug; required for an editor.");
        Field(i => i.Role).Description("viewer, editor, planner or admin.");
    }
}

public sealed class UpdateUserInput
{
    public string Id { get; set; } = "";

    public string? DisplayName { get; set; }

    public string? Role { get; set; }

    public string? Department { get; set; }

    public bool? Active { get; set; }
}

public sealed class UpdateUserInputType : InputObjectGraphType<UpdateUserInput>
{
    public UpdateUserInputType()
    {
        Name = "UpdateUserInput";
        Description = "Only the fields given change; an empty department clears it.";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field(i => i.DisplayName, nullable: true);
        Field(i => i.Role, nullable: true);
        Field(i => i.Department, nullable: true);
        Field(i => i.Active, nullable: true);
    }
}
