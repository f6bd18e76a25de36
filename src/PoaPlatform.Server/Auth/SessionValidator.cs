using System.Collections.Concurrent;
using System.Security.Claims;
using PoaPlatform.Auth;
using PoaPlatform.Auth.Accounts;

namespace PoaPlatform.Server.Auth;

/// <summary>
/// Whether a signed-in principal may still act: its development token has not expired, its API token is not revoked
/// or expired, its account is active and its security stamp unchanged (no new password, role or department since the
/// session began). Open WebSockets ask this on a timer and close when it says no; a change made on this host also
/// tells them at once (<see cref="Changed"/>).
/// </summary>
public sealed class SessionValidator(AccountService accounts, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Action, byte> _listeners = new();
    private readonly ConcurrentDictionary<(string User, string? Stamp, string? Token), DateTimeOffset> _recentlyValid = new();

    /// <summary>Subscribes to "an account or a token changed on this host"; dispose to stop.</summary>
    public IDisposable OnChanged(Action listener)
    {
        _listeners[listener] = 0;
        return new Subscription(() => _listeners.TryRemove(listener, out _));
    }

    /// <summary>Tells the open sessions of this host to check themselves now.</summary>
    public void Changed()
    {
        _recentlyValid.Clear();
        foreach (var listener in _listeners.Keys)
            listener();
    }

    /// <summary>As <see cref="IsValidAsync(ClaimsPrincipal, CancellationToken)"/>, answering from what was found valid
    /// less than <paramref name="maxAge"/> ago (a page's requests do not each query the accounts).</summary>
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var user = PoaUser.From(principal);
        if (user is null)
            return true;
        var key = (user.Id, user.SecurityStamp, user.TokenId);
        var now = clock.GetUtcNow();
        if (_recentlyValid.TryGetValue(key, out var at) && now - at < maxAge && !Expired(principal))
            return true;
        var valid = await IsValidAsync(principal, cancellationToken);
        if (valid)
            _recentlyValid[key] = now;
        else
            _recentlyValid.TryRemove(key, out _);
        return valid;
    }

    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (PoaUser.From(principal) is not { } user)
            return true; // an anonymous socket has nothing to expire
        if (Expired(principal))
            return false;
        if (user.AuthMethod == AuthMethods.DevelopmentToken)
            return true;
        if (user.TokenId is { } tokenId)
        {
            var token = await accounts.Tokens.FindAsync(tokenId, cancellationToken);
            if (token is null || !token.IsValid(clock.GetUtcNow()))
                return false;
        }
        var account = await accounts.Users.FindByIdAsync(user.Id, cancellationToken);
        return account is { Active: true } && account.SecurityStamp == user.SecurityStamp;
    }

    /// <summary>A development token or a session past its end ("exp", seconds since 1970).</summary>
    private bool Expired(ClaimsPrincipal principal) =>
        principal.FindFirstValue("exp") is { } exp && long.TryParse(exp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) &&
        DateTimeOffset.FromUnixTimeSeconds(seconds) <= clock.GetUtcNow();

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
