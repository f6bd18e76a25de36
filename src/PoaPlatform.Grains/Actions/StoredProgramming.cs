using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PoaPlatform.Grains.Storage;

namespace PoaPlatform.Grains.Actions;

/// <summary>
/// An action's content without its progress, as its stored state holds it: serialized on its own, so that the bytes of
/// one write can be written again by the next when the programming did not change (decision 0027). A progress report
/// changes the progress only; before this, each one serialized the whole programming again (4 % of the server's
/// processor in the editing benchmark).
/// </summary>
/// <remarks>The bytes are kept from the second write of the same programming on: an action written once (an import, a
/// creation) keeps none, one that is being reported keeps them while its programming stays (a few kilobytes). Stored
/// apart (<see cref="IStoredApart"/>, decision 0031), the programming is not written again at all while it stays, and no
/// bytes are kept.</remarks>
public sealed class StoredProgramming(ActionContent content) : IPartApart
{
    private byte[]? _bytes;
    private bool _written;

    /// <summary>The content, without progress.</summary>
    public ActionContent Content { get; } = content;

    /// <summary>The programming read from the payload (as if written once: the next write of it keeps its bytes).</summary>
    internal static StoredProgramming Read(ActionContent content) => new(content) { _written = true };

    /// <summary>The programming read from the column it is stored apart in: the row holds it.</summary>
    internal static StoredProgramming ReadApart(ActionContent content) => new(content) { IsStored = true };

    public bool IsStored { get; private set; }

    public void MarkStored() => IsStored = true;

    /// <summary>True when <paramref name="content"/> has this programming (its progress aside): the same instances, as a
    /// command that does not change them leaves them.</summary>
    public bool Holds(ActionContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return ReferenceEquals(content.Action, Content.Action) && ReferenceEquals(content.Baseline, Content.Baseline) &&
            ReferenceEquals(content.Requests, Content.Requests) && content.NextActivityId == Content.NextActivityId &&
            content.BaselineApproval == Content.BaselineApproval;
    }

    /// <summary>Whether the bytes are kept now (for the tests).</summary>
    internal bool KeepsBytes => _bytes is not null;

    public byte[] Bytes(Serializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        if (_bytes is { } kept)
            return kept;
        var bytes = serializer.SerializeToArray(Content);
        if (_written)
            _bytes = bytes;
        _written = true;
        return bytes;
    }
}

/// <summary>How <see cref="StoredProgramming"/> is serialized: its content's own serialization, as bytes.</summary>
[GenerateSerializer, Immutable, Alias("poa.StoredProgramming")]
public readonly record struct StoredProgrammingBytes([property: Id(0)] byte[] Bytes);

/// <summary>Converts <see cref="StoredProgramming"/> to and from its bytes, with the silo's serializer.</summary>
[RegisterConverter]
public sealed class StoredProgrammingConverter(IServiceProvider services) : IConverter<StoredProgramming, StoredProgrammingBytes>
{
    private Serializer? _serializer;

    // Resolved at first use: the serializer is being built while its converters are.
    private Serializer Serializer => _serializer ??= services.GetRequiredService<Serializer>();

    public StoredProgramming ConvertFromSurrogate(in StoredProgrammingBytes surrogate) =>
        StoredProgramming.Read(Serializer.Deserialize<ActionContent>(surrogate.Bytes) ?? throw new InvalidOperationException("A stored programming holds no content."));

    public StoredProgrammingBytes ConvertToSurrogate(in StoredProgramming value) => new(value.Bytes(Serializer));
}
