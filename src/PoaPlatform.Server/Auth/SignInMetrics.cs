using System.Diagnostics.Metrics;
using PoaPlatform.Server.Telemetry;

namespace PoaPlatform.Server.Auth;

/// <summary>Sign-in attempts by outcome (<c>poa.signins</c>: ok, invalid, locked_out, no_access, rate_limited).</summary>
public sealed class SignInMetrics
{
    private readonly Counter<long> _attempts;

    public SignInMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _attempts = meters.Create(PoaTelemetry.Name).CreateCounter<long>("poa.signins", description: "Sign-in attempts, by outcome.");
    }

    public void Attempt(string outcome) => _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
