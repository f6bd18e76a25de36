namespace PoaPlatform.Server.Telemetry;

/// <summary>The section <c>Telemetry</c>: what the server records besides its metrics and logs.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Record traces (spans of every request, grain call and database write). Unset: only when they are
    /// exported, that is when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. <c>true</c> records them for an exporter added
    /// in code (tests); <c>false</c> exports logs and metrics without traces.</summary>
    public bool? Traces { get; set; }
}
