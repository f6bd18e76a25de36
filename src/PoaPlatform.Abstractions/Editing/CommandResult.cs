namespace PoaPlatform.Abstractions.Editing;

/// <summary>Who sends a command, the version they saw, and an optional id that makes a retry return the first answer.</summary>
/// <param name="ExpectedVersion">The action version the editor read; null for a create or an import, which have
/// nothing to have seen. A command conflicts only when a path it changes changed after this version.</param>
/// <param name="ClientMutationId">Chosen by the client; a command sent again with the same id returns the answer
/// of the first one that succeeded instead of running again.</param>
[GenerateSerializer, Immutable, Alias("poa.CommandContext")]
public sealed record CommandContext(
    [property: Id(0)] Editor Editor,
    [property: Id(1)] long? ExpectedVersion = null,
    [property: Id(2)] string? ClientMutationId = null)
{
    /// <summary>The longest client mutation id accepted.</summary>
    public const int MaxClientMutationIdLength = 100;
}

/// <summary>The answer to a command: the action's version after it, or why nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("poa.CommandResult")]
public sealed record CommandResult(
    [property: Id(0)] bool Succeeded,
    [property: Id(1)] long Version,
    [property: Id(2)] CommandError? Error = null,
    [property: Id(3)] int? ActivityId = null)
{
    public static CommandResult Ok(long version, int? activityId = null) => new(true, version, null, activityId);

    public static CommandResult Fail(long version, CommandError error) => new(false, version, error);
}

/// <summary>Why a command changed nothing. <see cref="Code"/> is machine-readable (GraphQL <c>extensions.code</c>).</summary>
/// <param name="Field">The input field that is invalid, or the path that conflicts.</param>
[GenerateSerializer, Immutable, Alias("poa.CommandError")]
public sealed record CommandError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field = null,
    [property: Id(3)] long? CurrentVersion = null,
    [property: Id(4)] string? CurrentValue = null,
    [property: Id(5)] IReadOnlyList<FieldChange>? ChangedSince = null,
    [property: Id(6)] IReadOnlyList<string>? Allowed = null);

/// <summary>A path that changed after the version an editor saw: the version that changed it and its value now.</summary>
[GenerateSerializer, Immutable, Alias("poa.FieldChange")]
public sealed record FieldChange(
    [property: Id(0)] FieldPath Path,
    [property: Id(1)] long Version,
    [property: Id(2)] string? Value);

/// <summary>Error codes of commands.</summary>
public static class ErrorCodes
{
    /// <summary>A path the command changes changed after the version the editor saw.</summary>
    public const string Conflict = "CONFLICT";

    /// <summary>The input is not acceptable (negative quantity, month outside 1..12, ...).</summary>
    public const string Validation = "VALIDATION";

    /// <summary>The action or activity does not exist.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>The action exists already, with other content.</summary>
    public const string AlreadyExists = "ALREADY_EXISTS";

    /// <summary>The year's cycle does not allow this transition from the current status (the error names the allowed ones).</summary>
    public const string InvalidTransition = "INVALID_TRANSITION";

    /// <summary>The programming is locked: the department's POA is submitted, in review or approved.</summary>
    public const string Locked = "LOCKED";

    /// <summary>The month's cut-off has passed and no planner reopened it for the department.</summary>
    public const string MonthClosed = "MONTH_CLOSED";
}
