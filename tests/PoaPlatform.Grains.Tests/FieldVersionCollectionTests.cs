using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Grains.Actions;

namespace PoaPlatform.Grains.Tests;

public class FieldVersionCollectionTests
{
    private static readonly FieldPath Name = FieldPath.Of(FieldKind.Name);
    private static readonly FieldPath Goal = FieldPath.Of(FieldKind.Goal);

    [Fact]
    public void ACommandSetsItsPathsAtItsVersionAndLeavesTheOthersAndTheOldCollectionAsTheyWere()
    {
        var created = FieldVersionCollection.Empty.With([FieldPath.Target(2, 3), Name, FieldPath.Activity(2), Goal], 1);
        var edited = created.With([FieldPath.Target(2, 3), FieldPath.Activity(7), FieldPath.Activity(7)], 4);

        (FieldPath, long)[] expected = [(Name, 1L), (Goal, 1L), (FieldPath.Activity(2), 1L), (FieldPath.Target(2, 3), 4L), (FieldPath.Activity(7), 4L)];
        Assert.Equal(expected.OrderBy(p => p.Item1), edited.Select(p => (p.Key, p.Value)));
        Assert.Equal((4L, 1L, 0L), (edited[FieldPath.Target(2, 3)], edited[Goal], edited[FieldPath.Target(2, 4)]));
        Assert.Equal((4, 1L), (created.Count, created[FieldPath.Target(2, 3)]));
        Assert.Same(created, created.With([], 9));
    }

    [Fact]
    public void RemovingPathsKeepsTheRestAndAnEmptyCollectionAnswersZero()
    {
        var versions = FieldVersionCollection.Empty.With([Name, FieldPath.Activity(1), FieldPath.Progress(1, 2)], 3);

        var actionOnly = versions.Without(p => p.ActivityId is not null);

        Assert.Equal([Name], actionOnly.Select(p => p.Key));
        Assert.Same(versions, versions.Without(_ => false));
        Assert.Equal(0, FieldVersionCollection.Empty[Name]);
    }

    [Fact]
    public void TheCollectionRoundTripsThroughTheOrleansSerializer()
    {
        using var services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(FieldVersionCollection).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var versions = FieldVersionCollection.Empty.With([Name, FieldPath.Target(5, 12), Goal], 2).With([Goal], 7);

        var copy = serializer.Deserialize<FieldVersionCollection>(serializer.SerializeToArray(versions));

        Assert.NotNull(copy);
        Assert.Equal(versions.ToList(), copy.ToList());
        Assert.Equal(7, copy[Goal]);
        Assert.Equal(7, copy.ProgrammingVersion);
    }

    [Fact]
    public void APackedTableReadsBackAsItWasInAFewBytesAPath()
    {
        var random = new Random(5);
        // An action of 8 activities reported all year, as a year leaves it: 258 paths.
        var paths = new List<FieldPath> { Name, Goal, FieldPath.Of(FieldKind.Axes), FieldPath.Request(1), FieldPath.Request(40) };
        for (var a = 1; a <= 8; a++)
        {
            paths.AddRange(FieldPath.AllOfActivity(a));
            paths.Add(FieldPath.Of(FieldKind.ActivityInvestment, a));
        }
        paths.Add(FieldPath.Activity(FieldPath.MaxActivityId));
        var versions = FieldVersionCollection.From(paths.Distinct().Select(p => KeyValuePair.Create(p, (long)random.Next(1, 5_000))))
            .With([FieldPath.Progress(3, 7)], long.MaxValue);

        var packed = versions.Pack();
        var read = FieldVersionCollection.Unpack(packed);

        Assert.Equal(versions.ToList(), read.ToList());
        Assert.Equal(long.MaxValue, read[FieldPath.Progress(3, 7)]);
        Assert.Equal(versions.ProgrammingVersion, read.ProgrammingVersion);
        Assert.InRange(packed.Length, versions.Count * 2, versions.Count * 4);
        Assert.Equal(FieldVersionCollection.Empty.ToList(), FieldVersionCollection.Unpack(FieldVersionCollection.Empty.Pack()).ToList());
    }

    [Fact]
    public void ATableOfThousandsOfPathsPacksAndReadsBackTwice()
    {
        // 60 activities reported all year: beyond the stack space Pack uses, so it borrows pooled space; packing twice
        // shows that the borrowed space left nothing behind in the bytes of the next table.
        var paths = Enumerable.Range(1, 60).SelectMany(FieldPath.AllOfActivity).Distinct().ToList();
        var first = FieldVersionCollection.From(paths.Select((p, i) => KeyValuePair.Create(p, (long)(i + 1) * 1_000_003)));
        var second = FieldVersionCollection.From(paths.Take(paths.Count / 2).Select(p => KeyValuePair.Create(p, 2L)));

        var packedFirst = first.Pack();
        var packedSecond = second.Pack();

        Assert.True(paths.Count > 1_000, $"{paths.Count} paths");
        Assert.Equal(first.ToList(), FieldVersionCollection.Unpack(packedFirst).ToList());
        Assert.Equal(second.ToList(), FieldVersionCollection.Unpack(packedSecond).ToList());
        Assert.Equal(packedFirst, first.Pack());
    }

    [Fact]
    public void BytesThatAreNotAPackedTableAreRefusedNotMisread()
    {
        var packed = FieldVersionCollection.Empty.With([Name, FieldPath.Target(2, 3), FieldPath.Progress(2, 3)], 300).Pack();

        Assert.Throws<FormatException>(() => FieldVersionCollection.Unpack([]));
        Assert.Throws<FormatException>(() => FieldVersionCollection.Unpack([9, .. packed[1..]]));
        Assert.Throws<FormatException>(() => FieldVersionCollection.Unpack(packed.AsSpan(..^1)));
        // A path that does not follow the one before it (a difference of 0), and one no path packs to.
        Assert.Throws<FormatException>(() => FieldVersionCollection.Unpack([.. packed, 0, 1]));
        Assert.Throws<FormatException>(() => FieldVersionCollection.Unpack([1, 0x0F, 1]));
        // A first difference of 2^63 + 16, whose low 32 bits pack the path "name", and a number of more than 64 bits.
        Assert.Throws<FormatException>(() => FieldVersionCollection.Unpack([1, 0x90, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 1]));
        Assert.Throws<FormatException>(() => FieldVersionCollection.Unpack([1, 0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02]));
    }

    [Fact]
    public void TheProgrammingVersionIsTheLatestOfEveryPathButProgressAndRequests()
    {
        var random = new Random(3);
        FieldPath[] paths = [Name, Goal, FieldPath.Activity(1), FieldPath.Target(1, 4), FieldPath.Progress(1, 4), FieldPath.Progress(2, 9), FieldPath.Request(1)];
        var versions = FieldVersionCollection.Empty;
        for (var version = 1; version <= 300; version++)
        {
            // Mostly progress, as a year goes; now and then a version lower than the table's (never in a grain) and a removal.
            var changed = Enumerable.Range(0, random.Next(1, 3)).Select(_ => paths[random.Next(paths.Length)]).ToList();
            versions = random.Next(20) == 0
                ? versions.Without(p => p.Kind == FieldKind.Target)
                : versions.With(changed, random.Next(25) == 0 ? random.Next(1, version) : version);
            // Half the time the next command starts from the table as read back (its programming version not known yet).
            var expected = versions.Where(p => p.Key.Kind is not (FieldKind.Progress or FieldKind.Request)).Select(p => p.Value).DefaultIfEmpty(0).Max();
            if (random.Next(2) == 0)
                versions = FieldVersionCollection.From(versions);

            Assert.Equal(expected, versions.ProgrammingVersion);
        }
    }
}
