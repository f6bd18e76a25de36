using System.Net.Mail;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using PoaPlatform.Domain.Model;
using PoaPlatform.Persistence;
using PoaPlatform.Persistence.Accounts;

namespace PoaPlatform.Auth.Accounts;

/// <summary>Why an account operation was refused: a machine-readable code and what to do about it.</summary>
public sealed class AccountException(string code, string message, string? field = null) : Exception(message)
{
    public string Code { get; } = code;

    public string? Field { get; } = field;
}

/// <summary>Codes of <see cref="AccountException"/> and of failed sign-ins.</summary>
public static class AccountCodes
{
    public const string Validation = "VALIDATION";
    public const string NotFound = "NOT_FOUND";
    public const string AlreadyExists = "ALREADY_EXISTS";
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string LockedOut = "LOCKED_OUT";
    public const string NoAccess = "NO_ACCESS";
}

/// <summary>A new account as an admin (or the CLI, or the bootstrap) describes it.</summary>
public sealed record NewUser(string Email, string DisplayName, string Municipality, string? Department, string Role);

/// <summary>What an admin changes of an account: null leaves a field as it is.</summary>
public sealed record UserChanges(string? DisplayName = null, string? Role = null, string? Department = null, bool? Active = null, bool ClearDepartment = false);

/// <summary>Who the city's OpenID Connect provider says signed in, and the assignment its claims map to (if any).</summary>
/// <param name="EmailVerified">The provider vouches that the person controls <paramref name="Email"/> (OpenID Connect's
/// <c>email_verified</c>). Only then may the identity take over an existing account with that e-mail.</param>
public sealed record ExternalIdentity(string Subject, string Email, string DisplayName, string? Municipality, string? Department, string? Role,
    bool EmailVerified = false);

/// <summary>The outcome of a sign-in: the account, or the code of why not (and until when, for a lockout).</summary>
public sealed record SignInResult(UserAccount? User, string? FailureCode, DateTimeOffset? LockedUntil = null)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Accounts and API tokens: the rules about them in one place, shared by the server and the <c>poa</c> command.
/// Passwords go through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>; API tokens are random secrets
/// shown once and stored as a SHA-256 hash, found by their prefix. Every sign-in, failure, lockout and change is an
/// account event of the audit trail.
/// </summary>
public sealed class AccountService(StorageTarget target, TimeProvider? clock = null)
{
    public const int MaxFailedAttempts = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public const int MinPasswordLength = 10;

    public const int MaxTextLength = 200;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly PasswordHasher<UserAccount> _hasher = new();

    public UserStore Users { get; } = new(target);

    public ApiTokenStore Tokens { get; } = new(target);

    public MunicipalityStore Municipalities { get; } = new(target);

    public AccountEventStore Events { get; } = new(target);

    /// <summary>Creates an account with a one-time password that must be changed at the first sign-in.</summary>
    public async Task<(UserAccount User, string Password)> CreateAsync(NewUser user, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var email = CheckEmail(user.Email);
        var role = CheckRole(user.Role);
        var municipality = role == PoaRoles.SuperAdmin ? "" : await CheckMunicipalityAsync(user.Municipality, ct);
        var department = CheckDepartment(role, user.Department);
        var name = CheckText(string.IsNullOrWhiteSpace(user.DisplayName) ? email : user.DisplayName.Trim(), "displayName");
        var now = _clock.GetUtcNow();
        var password = OneTimePassword();
        var account = new UserAccount(NewId(), email, name, municipality, department, role, Active: true, null, 0, null,
            MustChangePassword: true, NewId(), null, now, now);
        account = account with { PasswordHash = _hasher.HashPassword(account, password) };
        if (!await Users.AddAsync(account, ct))
            throw new AccountException(AccountCodes.AlreadyExists, $"There is an account for {email} already.", "email");
        await EventAsync(account, "userCreated", "", $"by {actor}: role {role}{(department is null ? "" : $", department {department}")}", ct);
        return (account, password);
    }

    /// <summary>On the first start of an empty database: an admin of <paramref name="municipality"/> with a one-time
    /// password. Null when any account exists already.</summary>
    public async Task<(UserAccount User, string Password)?> BootstrapAsync(string municipality, string email, CancellationToken ct = default)
    {
        if (await Users.CountAsync(ct) > 0)
            return null;
        return await CreateAsync(new NewUser(email, "Administración", municipality, null, PoaRoles.Admin), "first start", ct);
    }

    /// <summary>Checks a password; five failures in a row lock the account for fifteen minutes.</summary>
    public async Task<SignInResult> SignInAsync(string email, string password, string clientAddress, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var user = string.IsNullOrWhiteSpace(email) ? null : await Users.FindByEmailAsync(email, ct);
        if (user is null)
        {
            // The same answer as a wrong password: nobody learns which emails have accounts.
            await Events.AppendAsync(new AccountEvent(now, "", UserStore.Normalize(email ?? ""), "signInFailed", clientAddress, "no such account"), ct);
            return new SignInResult(null, AccountCodes.InvalidCredentials);
        }
        if (user.IsLockedOut(now))
        {
            await EventAsync(user, "signInLockedOut", clientAddress, $"locked until {user.LockoutEnd:O}", ct);
            return new SignInResult(null, AccountCodes.LockedOut, user.LockoutEnd);
        }
        var verified = user.PasswordHash is { } hash && !string.IsNullOrEmpty(password)
            ? _hasher.VerifyHashedPassword(user, hash, password)
            : PasswordVerificationResult.Failed;
        if (verified == PasswordVerificationResult.Failed)
        {
            var failed = user.FailedAttempts + 1;
            var lockout = failed >= MaxFailedAttempts ? now + LockoutDuration : (DateTimeOffset?)null;
            await Users.UpdateAsync(user with { FailedAttempts = lockout is null ? failed : 0, LockoutEnd = lockout ?? user.LockoutEnd, UpdatedAt = now }, ct);
            await EventAsync(user, lockout is null ? "signInFailed" : "lockedOut", clientAddress,
                lockout is null ? $"wrong password ({failed} of {MaxFailedAttempts})" : $"{MaxFailedAttempts} wrong passwords: locked until {lockout:O}", ct);
            return lockout is null ? new SignInResult(null, AccountCodes.InvalidCredentials) : new SignInResult(null, AccountCodes.LockedOut, lockout);
        }
        if (!user.Active || user.Role.Length == 0)
        {
            await EventAsync(user, "signInRefused", clientAddress, user.Active ? "no role assigned yet" : "account disabled", ct);
            return new SignInResult(null, AccountCodes.NoAccess);
        }
        var signedIn = user with { FailedAttempts = 0, LockoutEnd = null, UpdatedAt = now };
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
            signedIn = signedIn with { PasswordHash = _hasher.HashPassword(user, password) };
        await Users.UpdateAsync(signedIn, ct);
        await EventAsync(user, "signIn", clientAddress, "", ct);
        return new SignInResult(signedIn, null);
    }

    /// <summary>A sign-in through the city's single sign-on. The account is found by the provider's subject, then by
    /// email (and linked); a new person gets an account with the assignment the provider's claims map to, or one
    /// without a role that an admin must assign before it has any access.</summary>
    public async Task<SignInResult> SignInExternalAsync(ExternalIdentity identity, string clientAddress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var now = _clock.GetUtcNow();
        var assignment = await AssignmentAsync(identity, ct);
        var user = await Users.FindByExternalSubjectAsync(identity.Subject, ct);
        if (user is null && await Users.FindByEmailAsync(identity.Email, ct) is { } sameEmail)
        {
            // An account of ours with this e-mail becomes the provider identity's only when the provider vouches for the
            // e-mail and the account belongs to no other identity: otherwise anyone who can name an e-mail at some
            // provider would take over its account.
            if (!identity.EmailVerified || sameEmail.ExternalSubject is not null)
            {
                await EventAsync(sameEmail, "signInRefused", clientAddress, sameEmail.ExternalSubject is not null
                    ? "single sign-on: the account belongs to another identity of the provider"
                    : "single sign-on: the provider did not verify the e-mail, so the account was not linked", ct);
                return new SignInResult(null, AccountCodes.NoAccess);
            }
            user = sameEmail;
        }
        if (user is null)
        {
            var email = CheckEmail(identity.Email);
            user = new UserAccount(NewId(), email, CheckText(string.IsNullOrWhiteSpace(identity.DisplayName) ? email : identity.DisplayName.Trim(), "displayName"),
                assignment?.Municipality ?? Slugs.From(identity.Municipality ?? ""), assignment?.Department, assignment?.Role ?? "", Active: true, null, 0, null,
                MustChangePassword: false, NewId(), identity.Subject, now, now);
            if (!await Users.AddAsync(user, ct))
                throw new AccountException(AccountCodes.AlreadyExists, $"There is an account for {email} already.", "email");
            await EventAsync(user, "userCreated", clientAddress, assignment is null ? "by single sign-on, waiting for an admin" : $"by single sign-on: role {user.Role}", ct);
        }
        else
        {
            var linked = user with { ExternalSubject = identity.Subject, UpdatedAt = now };
            if (assignment is { } given && (given.Role != user.Role || given.Municipality != user.Municipality || given.Department != user.Department))
                linked = linked with { Role = given.Role, Municipality = given.Municipality, Department = given.Department, SecurityStamp = NewId() };
            if (linked != user)
                await Users.UpdateAsync(linked, ct);
            user = linked;
        }
        if (!user.Active || user.Role.Length == 0)
        {
            await EventAsync(user, "signInRefused", clientAddress, user.Active ? "single sign-on: no role assigned yet" : "single sign-on: account disabled", ct);
            return new SignInResult(null, AccountCodes.NoAccess);
        }
        await EventAsync(user, "signIn", clientAddress, "single sign-on", ct);
        return new SignInResult(user, null);
    }

    private async Task<(string Municipality, string? Department, string Role)?> AssignmentAsync(ExternalIdentity identity, CancellationToken ct)
    {
        if (identity.Role is not { } role || !PoaRoles.IsValid(role) || role == PoaRoles.SuperAdmin)
            return null;
        try
        {
            return (await CheckMunicipalityAsync(identity.Municipality ?? "", ct), CheckDepartment(role, identity.Department), role);
        }
        catch (AccountException)
        {
            return null;
        }
    }

    /// <summary>The user's own change of password; a new security stamp ends the user's other sessions.</summary>
    public async Task<UserAccount> ChangePasswordAsync(string userId, string currentPassword, string newPassword, CancellationToken ct = default)
    {
        var user = await RequireAsync(userId, ct);
        if (user.PasswordHash is null || _hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword ?? "") == PasswordVerificationResult.Failed)
            throw new AccountException(AccountCodes.InvalidCredentials, "The current password is not right.", "currentPassword");
        CheckPassword(newPassword, user.Email);
        if (newPassword == currentPassword)
            throw new AccountException(AccountCodes.Validation, "Choose a password different from the current one.", "newPassword");
        var changed = user with
        {
            PasswordHash = _hasher.HashPassword(user, newPassword), MustChangePassword = false, SecurityStamp = NewId(), UpdatedAt = _clock.GetUtcNow(),
        };
        await Users.UpdateAsync(changed, ct);
        await EventAsync(changed, "passwordChanged", "", "", ct);
        return changed;
    }

    /// <summary>An admin's reset: a new one-time password the user must change at the next sign-in.</summary>
    public async Task<string> ResetPasswordAsync(string userId, string actor, CancellationToken ct = default)
    {
        var user = await RequireAsync(userId, ct);
        var password = OneTimePassword();
        await Users.UpdateAsync(user with
        {
            PasswordHash = _hasher.HashPassword(user, password), MustChangePassword = true, FailedAttempts = 0, LockoutEnd = null,
            SecurityStamp = NewId(), UpdatedAt = _clock.GetUtcNow(),
        }, ct);
        await EventAsync(user, "passwordReset", "", $"by {actor}", ct);
        return password;
    }

    /// <summary>An admin's change of role, department, name or active flag.</summary>
    public async Task<UserAccount> UpdateAsync(string userId, UserChanges changes, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var user = await RequireAsync(userId, ct);
        var role = changes.Role is null ? user.Role : CheckRole(changes.Role);
        var department = changes.ClearDepartment ? null : changes.Department ?? user.Department;
        department = role.Length == 0 ? department : CheckDepartment(role, department);
        var updated = user with
        {
            DisplayName = changes.DisplayName is null ? user.DisplayName : CheckText(changes.DisplayName.Trim(), "displayName"),
            Role = role,
            Department = department,
            Active = changes.Active ?? user.Active,
            UpdatedAt = _clock.GetUtcNow(),
        };
        if (updated.Role != user.Role || updated.Department != user.Department || updated.Active != user.Active)
            updated = updated with { SecurityStamp = NewId() };
        await Users.UpdateAsync(updated, ct);
        await EventAsync(updated, "userChanged", "", $"by {actor}: role {updated.Role}, department {updated.Department ?? "—"}, {(updated.Active ? "active" : "disabled")}", ct);
        return updated;
    }

    /// <summary>A new personal API token: the record, and the token text to show once.</summary>
    public async Task<(ApiTokenRecord Token, string Secret)> CreateTokenAsync(UserAccount user, string name, TimeSpan lifetime, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        name = CheckText(string.IsNullOrWhiteSpace(name) ? "sin nombre" : name.Trim(), "name");
        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(366))
            throw new AccountException(AccountCodes.Validation, "A token lasts from one day to a year.", "expiresInDays");
        var (prefix, text) = ApiTokenText.Create();
        var now = _clock.GetUtcNow();
        var token = new ApiTokenRecord(NewId(), user.Id, name, prefix, ApiTokenText.Hash(text), now, now + lifetime, null, null);
        await Tokens.AddAsync(token, ct);
        await EventAsync(user, "apiTokenCreated", "", $"{name} ({prefix}), until {token.ExpiresAt:O}", ct);
        return (token, text);
    }

    public async Task RevokeTokenAsync(UserAccount user, string tokenId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!Ids.IsId(tokenId) || !await Tokens.RevokeAsync(tokenId, user.Id, _clock.GetUtcNow(), ct))
            throw new AccountException(AccountCodes.NotFound, "You have no active token with that id.", "id");
        await EventAsync(user, "apiTokenRevoked", "", tokenId, ct);
    }

    /// <summary>The account and token an API token text belongs to, when the token is valid and its account active.</summary>
    public async Task<(UserAccount User, ApiTokenRecord Token)?> ValidateTokenAsync(string text, CancellationToken ct = default)
    {
        if (ApiTokenText.PrefixOf(text) is not { } prefix || await Tokens.FindByPrefixAsync(prefix, ct) is not { } token)
            return null;
        if (!ApiTokenText.Matches(text, token.SecretHash) || !token.IsValid(_clock.GetUtcNow()))
            return null;
        var user = await Users.FindByIdAsync(token.UserId, ct);
        return user is { Active: true, Role.Length: > 0 } ? (user, token) : null;
    }

    public Task EventAsync(UserAccount user, string name, string clientAddress, string detail, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Events.AppendAsync(new AccountEvent(_clock.GetUtcNow(), user.Municipality, user.Email, name, clientAddress, detail), ct);
    }

    public async Task<UserAccount> RequireAsync(string userId, CancellationToken ct) =>
        await Users.FindByIdAsync(userId, ct) ?? throw new AccountException(AccountCodes.NotFound, $"There is no account {userId}.", "id");

    public static void CheckPassword(string password, string email)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
            throw new AccountException(AccountCodes.Validation, $"A password has at least {MinPasswordLength} characters.", "newPassword");
        if (password.Length > MaxTextLength)
            throw new AccountException(AccountCodes.Validation, $"A password has at most {MaxTextLength} characters.", "newPassword");
        if (string.Equals(password, email, StringComparison.OrdinalIgnoreCase))
            throw new AccountException(AccountCodes.Validation, "A password cannot be the email.", "newPassword");
    }

    private static string CheckEmail(string email)
    {
        var normalized = UserStore.Normalize(email ?? "");
        if (normalized.Length is 0 or > MaxTextLength || !MailAddress.TryCreate(normalized, out var address) || address.Address != normalized)
            throw new AccountException(AccountCodes.Validation, $"\"{email}\" is not an email address.", "email");
        return normalized;
    }

    private static string CheckRole(string role) =>
        PoaRoles.IsValid(role) ? role : throw new AccountException(AccountCodes.Validation, $"\"{role}\" is not a role; use one of {string.Join(", ", PoaRoles.All)}.", "role");

    private static string? CheckDepartment(string role, string? department)
    {
        var slug = department is null ? "" : Slugs.From(department);
        if (PoaRoles.NeedsDepartment(role))
            return slug.Length > 0 ? CheckText(slug, "department") : throw new AccountException(AccountCodes.Validation, "An editor belongs to a department: name it by its slug.", "department");
        return slug.Length > 0 ? CheckText(slug, "department") : null;
    }

    private async Task<string> CheckMunicipalityAsync(string municipality, CancellationToken ct)
    {
        var slug = Slugs.From(municipality ?? "");
        if ((await Municipalities.ListAsync(ct)).All(m => m.Slug != slug))
            throw new AccountException(AccountCodes.NotFound, $"There is no municipality \"{municipality}\"; an operator adds it first (poa municipality add).", "municipality");
        return slug;
    }

    private static string CheckText(string text, string field)
    {
        if (Domain.Rules.PoaRules.Text(field, text, MaxTextLength) is { } violation)
            throw new AccountException(AccountCodes.Validation, violation.Message, field);
        if (text.Any(char.IsControl))
            throw new AccountException(AccountCodes.Validation, $"{field} has a control character (a tab, a line break, ...); write it on one line.", field);
        return text;
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>Sixteen characters from an alphabet without look-alikes, in four groups: read aloud, typed once.</summary>
    public static string OneTimePassword()
    {
        const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = new char[19];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = i % 5 == 4 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }
}
