using Orleans.Serialization;

namespace PoaPlatform.Grains.Storage;

/// <summary>A grain state with a part that most writes leave as it is, which a storage that can (<see cref="PoaGrainStorage"/>)
/// stores apart from the payload, in a column it writes only when the part changed (docs/decisions/0031): an action's
/// programming, which a progress report does not change. Any other storage serializes the state whole, part included.</summary>
public interface IStoredApart
{
    /// <summary>The part as the state holds it now.</summary>
    IPartApart Part { get; }

    /// <summary>While true, the state's own serialization leaves the part out and records that it is stored apart.</summary>
    bool LeavesPartOut { get; set; }

    /// <summary>Called once the payload was read: takes the part from the bytes of its column (null when the row has
    /// none). A payload that holds its part (written whole) ignores them; one that records its part as stored apart and
    /// finds no bytes throws <see cref="InvalidOperationException"/>.</summary>
    void ReadPart(byte[]? bytes, Serializer serializer);
}

/// <summary>The part of a state stored apart (<see cref="IStoredApart"/>).</summary>
public interface IPartApart
{
    /// <summary>True when the stored row holds this part in its column at the version the state was read or last
    /// written at: the next write leaves the column as it is.</summary>
    bool IsStored { get; }

    /// <summary>The part's bytes.</summary>
    byte[] Bytes(Serializer serializer);

    /// <summary>Called once a write that carried this part's bytes committed.</summary>
    void MarkStored();
}
