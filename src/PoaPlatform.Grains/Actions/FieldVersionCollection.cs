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
