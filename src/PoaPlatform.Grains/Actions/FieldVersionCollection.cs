using System.Collections;
using PoaPlatform.Abstractions.Editing;

namespace PoaPlatform.Grains.Actions;

/// <summary>
/// The version that last changed each path of an action, as two sorted arrays: 12 bytes a path where a dictionary
/// takes about 32 (an imported action has some 170 paths, and every active action holds its table). Immutable: a
/// command's paths are set in one step (<see cref="With"/>), so a failed write restores the table it started from by
/// reference.
/// </summary>
[GenerateSerializer, Immutable, Alias("poa.FieldVersionCollection")]
public sealed class FieldVersionCollection : IReadOnlyCollection<KeyValuePair<FieldPath, long>>
{
    public static readonly FieldVersionCollection Empty = new([], []);

    /// <summary>Sorted, distinct.</summary>
    [Id(0)] private readonly FieldPath[] _paths;

    /// <summary>Parallel to <see cref="_paths"/>.</summary>
    [Id(1)] private readonly long[] _versions;

    // The latest version of a programming path, once known (not stored: a table read from storage finds it at its
    // first use, and a table made by With from a known one knows it at once).
    [NonSerialized] private long? _programmingVersion;

    private FieldVersionCollection(FieldPath[] paths, long[] versions) => (_paths, _versions) = (paths, versions);

    public int Count => _paths.Length;

    /// <summary>The version that last changed the programming (<see cref="FieldPath.IsProgramming"/>; 0 when none did).
    /// Every command's summary carries it.</summary>
    public long ProgrammingVersion => _programmingVersion ??= Latest(_paths, _versions);

    private static long Latest(FieldPath[] paths, long[] versions)
    {
        long latest = 0;
        for (var i = 0; i < paths.Length; i++)
        {
            if (paths[i].IsProgramming && versions[i] > latest)
                latest = versions[i];
        }
        return latest;
    }

    /// <summary>The version that last changed <paramref name="path"/>; 0 when none did.</summary>
    public long this[FieldPath path] => Array.BinarySearch(_paths, path) is >= 0 and var at ? _versions[at] : 0;

    /// <summary>A table of every path and its version (any order, each path once).</summary>
    public static FieldVersionCollection From(IEnumerable<KeyValuePair<FieldPath, long>> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var pairs = versions.ToArray();
        var paths = pairs.Select(p => p.Key).ToArray();
        var values = pairs.Select(p => p.Value).ToArray();
        Array.Sort(paths, values);
        return paths.Length == 0 ? Empty : new(paths, values);
    }

    /// <summary>The table as an action's stored state holds it (<see cref="ActionState.PackedFieldVersions"/>): a format
    /// byte, then per path, in order, the difference of its <see cref="FieldPath.Packed"/> from the previous path's and
    /// its version, each as an unsigned integer of 7 bits a byte. Most paths take 2 or 3 bytes, where Orleans'
    /// serialization of the two arrays took 7 (an action with 8 activities reported all year: 258 paths, about 700 bytes
    /// against 1,815), and packing them is a loop over two arrays instead of a codec call per path.</summary>
    public byte[] Pack()
    {
        // At most 5 bytes a difference and 10 a version. A table of many paths (an action reported all year has some
        // 260) borrows its scratch space instead of leaving 4 kB of garbage per write.
        var size = 1 + 15 * _paths.Length;
        var rented = size <= 4096 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        try
        {
            return Pack(rented is null ? stackalloc byte[size] : rented.AsSpan(0, size));
        }
        finally
        {
            if (rented is not null)
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private byte[] Pack(Span<byte> buffer)
    {
        buffer[0] = PackedFormat;
        var length = 1;
        var previous = 0;
        for (var i = 0; i < _paths.Length; i++)
        {
            var code = _paths[i].Packed;
            length += WriteUnsigned(buffer[length..], (ulong)(code - previous));
            length += WriteUnsigned(buffer[length..], checked((ulong)_versions[i]));
            previous = code;
        }
        return buffer[..length].ToArray();
    }

    /// <summary>The table <see cref="Pack"/> wrote.</summary>
    /// <exception cref="FormatException">The bytes are not a packed table.</exception>
    public static FieldVersionCollection Unpack(ReadOnlySpan<byte> packed)
    {
        if (packed.IsEmpty || packed[0] != PackedFormat)
            throw new FormatException($"Packed field versions start with format {PackedFormat}, not {(packed.IsEmpty ? "nothing" : packed[0])}.");
        var paths = new List<FieldPath>(packed.Length / 2);
        var versions = new List<long>(packed.Length / 2);
        var at = 1;
        ulong code = 0;
        while (at < packed.Length)
        {
            var difference = ReadUnsigned(packed, ref at);
            var version = ReadUnsigned(packed, ref at);
            if (difference > int.MaxValue - code || version > long.MaxValue || (paths.Count > 0 && difference == 0))
                throw new FormatException($"Packed field versions hold a path out of order or out of range at byte {at}.");
            code += difference;
            paths.Add(FieldPath.FromPacked((int)code));
            versions.Add((long)version);
        }
        return paths.Count == 0 ? Empty : new([.. paths], [.. versions]);
    }

    private const byte PackedFormat = 1;

    private static int WriteUnsigned(Span<byte> destination, ulong value)
    {
        var n = 0;
        while (value >= 0x80)
        {
            destination[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[n++] = (byte)value;
        return n;
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> source, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= source.Length)
                throw new FormatException("Packed field versions end in the middle of a number.");
            var b = source[at++];
            if (shift == 63 && b > 1)
                throw new FormatException("Packed field versions hold a number longer than 64 bits.");
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw new FormatException("Packed field versions hold a number longer than 64 bits.");
    }

    /// <summary>This table with every path of <paramref name="changed"/> at <paramref name="version"/>: one command.</summary>
    public FieldVersionCollection With(IReadOnlyCollection<FieldPath> changed, long version)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (changed.Count == 0)
            return this;
        // The new paths, sorted and each once (a creation adds some 170 at once: no set, no LINQ ordering).
        var fresh = new FieldPath[changed.Count];
        var count = 0;
        foreach (var path in changed)
        {
            if (Array.BinarySearch(_paths, path) < 0)
                fresh[count++] = path;
        }
        Array.Sort(fresh, 0, count);
        var distinct = 0;
        for (var n = 0; n < count; n++)
        {
            if (distinct == 0 || !fresh[distinct - 1].Equals(fresh[n]))
                fresh[distinct++] = fresh[n];
        }
        var added = fresh.AsSpan(0, distinct);
        var paths = new FieldPath[_paths.Length + added.Length];
        var versions = new long[paths.Length];
        // Merge the sorted old paths with the sorted new ones.
        int i = 0, j = 0, k = 0;
        while (i < _paths.Length || j < added.Length)
        {
            if (j == added.Length || (i < _paths.Length && _paths[i].CompareTo(added[j]) < 0))
                (paths[k], versions[k]) = (_paths[i], _versions[i++]);
            else
                (paths[k], versions[k]) = (added[j++], version);
            k++;
        }
        var programming = false;
        foreach (var path in changed)
        {
            versions[Array.BinarySearch(paths, path)] = version;
            programming |= path.IsProgramming;
        }
        return new(paths, versions)
        {
            _programmingVersion = _programmingVersion is { } known && version >= known
                ? (programming ? version : known)
                : null,
        };
    }

    /// <summary>This table without the paths <paramref name="remove"/> picks.</summary>
    public FieldVersionCollection Without(Func<FieldPath, bool> remove)
    {
        ArgumentNullException.ThrowIfNull(remove);
        var kept = this.Where(p => !remove(p.Key)).ToArray();
        return kept.Length == _paths.Length ? this : From(kept);
    }

    /// <summary>In path order: the action's fields, then each activity by id.</summary>
    public IEnumerator<KeyValuePair<FieldPath, long>> GetEnumerator()
    {
        for (var i = 0; i < _paths.Length; i++)
            yield return new(_paths[i], _versions[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
