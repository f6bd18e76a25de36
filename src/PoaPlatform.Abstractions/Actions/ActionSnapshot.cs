using PoaPlatform.Abstractions.Editing;

namespace PoaPlatform.Abstractions.Actions;

/// <summary>Everything an action holds, with the version it was read at and the version that last changed each path.</summary>
/// <param name="Progress">The activities that reported progress; an activity not listed reported none.</param>
/// <param name="FieldVersions">Ordered by path: the action's fields, then each activity.</param>
[GenerateSerializer, Immutable, Alias("poa.ActionSnapshot")]
public sealed record ActionSnapshot(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] PoaAction Action,
    [property: Id(3)] IReadOnlyList<ActivityProgress> Progress,
    [property: Id(4)] IReadOnlyList<Finding> Findings,
    [property: Id(5)] IReadOnlyList<FieldVersion> FieldVersions,
    [property: Id(6)] IReadOnlyList<ModificationRequest>? Requests = null,
    [property: Id(7)] PoaAction? Baseline = null,
    [property: Id(8)] int BaselineApproval = 0)
{
    /// <summary>The programming as the given approval left it: the stored baseline when the action changed after that
    /// approval, else the programming itself (nothing changed since).</summary>
    public PoaAction BaselineOf(int approvalNumber) => Baseline is { } kept && BaselineApproval == approvalNumber ? kept : Action;

    public ActivityProgress ProgressOf(int activityId) =>
        Progress.ProgressOf(activityId) ?? new ActivityProgress(activityId, []);

    /// <summary>The version that last changed a path; 0 when nothing ever did.</summary>
    public long VersionOf(FieldPath path)
    {
        foreach (var version in FieldVersions)
        {
            if (version.Path == path)
                return version.Version;
        }
        return 0;
    }
}

/// <summary>The action version that last changed a path.</summary>
[GenerateSerializer, Immutable, Alias("poa.FieldVersion")]
public sealed record FieldVersion([property: Id(0)] FieldPath Path, [property: Id(1)] long Version);
