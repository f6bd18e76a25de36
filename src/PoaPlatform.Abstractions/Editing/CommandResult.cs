namespace PoaPlatform.Abstractions.Editing;

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
[GenerateSerializer, Immutable, Alias("poa.CommandError")]
public sealed record CommandError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field = null,
    [property: Id(3)] long? CurrentVersion = null,
    [property: Id(4)] string? CurrentValue = null,
    [property: Id(5)] IReadOnlyList<FieldChange>? ChangedSince = null);

/// <summary>A field that changed after the version an editor saw: who changed it and to what.</summary>
[GenerateSerializer, Immutable, Alias("poa.FieldChange")]
public sealed record FieldChange(
    [property: Id(0)] string Field,
    [property: Id(1)] long Version,
    [property: Id(2)] string? Value);

/// <summary>Error codes of commands.</summary>
public static class ErrorCodes
{
    /// <summary>A field the command touches changed after the version the editor saw.</summary>
    public const string Conflict = "CONFLICT";

    /// <summary>The input is not acceptable (negative quantity, month outside 1..12, ...).</summary>
    public const string Validation = "VALIDATION";

    /// <summary>The action or activity does not exist.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>The action exists already.</summary>
    public const string AlreadyExists = "ALREADY_EXISTS";
}
