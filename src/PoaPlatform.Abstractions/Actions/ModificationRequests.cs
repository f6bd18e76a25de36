namespace PoaPlatform.Abstractions.Actions;

/// <summary>What a modification request (reprogramación) of an approved POA does.</summary>
[GenerateSerializer, Alias("poa.ModificationKind")]
public enum ModificationKind
{
    /// <summary>More investment or higher targets.</summary>
    Increase,

    /// <summary>Less investment or lower targets.</summary>
    Reduction,

    /// <summary>An activity is cancelled.</summary>
    Cancellation,

    /// <summary>An activity is added.</summary>
    NewActivity,
}

[GenerateSerializer, Alias("poa.ModificationStatus")]
public enum ModificationStatus
{
    Pending,
    Authorized,
    Rejected,
}

/// <summary>A request to change an approved action: what (the commands it would run), why, who asked, and the
/// planning unit's decision. Authorised, its changes are applied as one command, field by field.</summary>
/// <param name="ExpectedVersion">The action version the request was made from: its changes conflict only with paths
/// that changed after it.</param>
[GenerateSerializer, Immutable, Alias("poa.ModificationRequest")]
public sealed record ModificationRequest(
    [property: Id(0)] int Id,
    [property: Id(1)] ModificationKind Kind,
    [property: Id(2)] string Justification,
    [property: Id(3)] IReadOnlyList<ActionCommand> Changes,
    [property: Id(4)] long ExpectedVersion,
    [property: Id(5)] string RequestedBy,
    [property: Id(6)] DateTimeOffset RequestedAt,
    [property: Id(7)] ModificationStatus Status,
    [property: Id(8)] string? DecidedBy = null,
    [property: Id(9)] DateTimeOffset? DecidedAt = null,
    [property: Id(10)] string? Comment = null);

/// <summary>Asks the planning unit to change an approved action. The changes are commands the planning unit's
/// authorisation runs: targets of months not yet closed, investments, an activity added or cancelled.</summary>
[GenerateSerializer, Immutable, Alias("poa.RequestModification")]
public sealed record RequestModification(
    [property: Id(0)] ModificationKind Kind,
    [property: Id(1)] string Justification,
    [property: Id(2)] IReadOnlyList<ActionCommand> Changes) : ActionCommand
{
    public override string Name => "requestModification";
}

/// <summary>The planning unit's decision on a modification request; an authorised one is applied in the same command.</summary>
[GenerateSerializer, Immutable, Alias("poa.DecideModification")]
public sealed record DecideModification(
    [property: Id(0)] int RequestId,
    [property: Id(1)] bool Authorize,
    [property: Id(2)] string? Comment) : ActionCommand
{
    public override string Name => "decideModification";
}
