using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PoaPlatform.Domain.Model;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Grains.Actions;

namespace PoaPlatform.Grains.Tests;

/// <summary>An action's progress as stored (<see cref="ProgressPacking"/>, docs/decisions/0023): every value back to
/// its digits and scale, rows of the earlier shape still read, and a fraction of the size.</summary>
public sealed class ProgressStorageTests : IDisposable
{
    /// <summary>An ActionState written by the code before the packing (commit 71c5758's shape: the progress inside the
    /// content, seven 16-byte decimals a month), built as <see cref="LegacyProgress"/> with Version 7, no action,
    /// NextActivityId 4 and AcknowledgedVersion 6.</summary>
    private const string LegacyState = "IAAdwQHBAcEBAQEh4CHowAExAU3rUQctcG9hLkFjdGl2aXR5UHJvZ3Jlc3NbXQAHIegABTEBJXJY3WNSZWFkT25seUxpc3RJbnRlcmZhY2VDb2RlY2AxW1twb2EuTW9udGhQcm9ncmVzc11dABEh6AAFQSEAAAEAAAAAABkAAAAAAAAAQSEAAAIAAAAAACknAAAAAAAAwQFBIQAAAgAAAAAAoIYBAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAADgIOgADUEhAAABAAAAAAAtAAAAAAAAAEEhAAACAAAAAAB7dQAAAAAAAMEBQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAA4CDoABFBIQAAAQAAAAAANwAAAAAAAABBIQAAAgAAAAAApJwAAAAAAADBAUEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAOAg6AAZQSEAAAEAAAAAAEsAAAAAAAAAQSEAAAIAAAAAAPbqAAAAAAAAwQFBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAADgIOgAHUEhAAABAAAAAABVAAAAAAAAAEEhAAACAAAAAAAfEgEAAAAAAMEBQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAA4CDoACVBIQAAAQAAAAAAaQAAAAAAAABBIQAAAgAAAAAAcWABAAAAAADBAUEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAOAg6AApQSEAAAEAAAAAAHMAAAAAAAAAQSEAAAIAAAAAAJqHAQAAAAAAwQFBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAADgIOgAMUEhAAABAAAAAACHAAAAAAAAAEEhAAACAAAAAADs1QEAAAAAAMEBQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAA4ODgIOgACTkFABEh6AAJQSEAAAEAAAAAADIAAAAAAAAAQSEAAAIAAAAAAFJOAAAAAAAAwQFBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAgAAAAAAAAAAAAAAAADgIOgADUEhAAABAAAAAAA8AAAAAAAAAEEhAAACAAAAAAB7dQAAAAAAAMEBQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAA4CDoABVBIQAAAQAAAAAAUAAAAAAAAABBIQAAAgAAAAAAzcMAAAAAAABBKVJldW5pw7NuIGNvbiB2ZWNpbm9zQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAA4CDoABlBIQAAAQAAAAAAWgAAAAAAAABBIQAAAgAAAAAA9uoAAAAAAADBAUEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAOAg6AAhQSEAAAEAAAAAAG4AAAAAAAAAQSEAAAIAAAAAAEg5AQAAAAAAwQFBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAADgIOgAJUEhAAABAAAAAAB4AAAAAAAAAEEhAAACAAAAAABxYAEAAAAAAMEBQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAA4CDoAC1BIQAAAQAAAAAAjAAAAAAAAABBIQAAAgAAAAAAw64BAAAAAADBAUEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAOAg6AAxQSEAAAEAAAAAAJYAAAAAAAAAQSEAAAIAAAAAAOzVAQAAAAAAwQFBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAADg4OAg6AANOQUAESHoAAVBIQAAAQAAAAAANwAAAAAAAABBIQAAAgAAAAAAKScAAAAAAADBAUEhAAACAAAAAACghgEAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAOAg6AAJQSEAAAEAAAAAAEEAAAAAAAAAQSEAAAIAAAAAAFJOAAAAAAAAwQFBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAgAAAAAAAAAAAAAAAADgIOgAEUEhAAABAAAAAABVAAAAAAAAAEEhAAACAAAAAACknAAAAAAAAMEBQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAA4CDoABVBIQAAAQAAAAAAXwAAAAAAAABBIQAAAgAAAAAAzcMAAAAAAADB+UEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAOAg6AAdQSEAAAEAAAAAAHMAAAAAAAAAQSEAAAIAAAAAAB8SAQAAAAAAwQFBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAADgIOgAIUEhAAABAAAAAAB9AAAAAAAAAEEhAAACAAAAAABIOQEAAAAAAMEBQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAAQSEAAAAAAAAAAAAAAAAAAAAA4CDoAClBIQAAAQAAAAAAkQAAAAAAAABBIQAAAgAAAAAAmocBAAAAAADBAUEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAEEhAAAAAAAAAAAAAAAAAAAAAOAg6AAtQSEAAAEAAAAAAJsAAAAAAAAAQSEAAAIAAAAAAMOuAQAAAAAAwQFBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAABBIQAAAAAAAAAAAAAAAAAAAADg4ODgARHBAcEBAQHgwQEh4AEZISDgIeDg4A==";

    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(ActionState).Assembly)).BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    public void Dispose() => _services.Dispose();

    private static ActivityProgress[] LegacyProgress() => [.. Enumerable.Range(1, 3).Select(id => new ActivityProgress(id, [.. Enumerable.Range(1, 12).Where(m => (id + m) % 3 != 0)
        .Select(m => new MonthProgress(m, id * 1.5m + m, 100.25m * m, m == 5 ? "Reunión con vecinos" : null, Approved: m == 1 ? 1000.00m : 0, Paid: m == 2 ? 0.00m : 0))]))];

    [Fact]
    public void AStateWrittenBeforeThePackingReadsWithItsProgress()
    {
        var state = Serializer.Deserialize<ActionState>(Convert.FromBase64String(LegacyState))!;

        Assert.Equal((7L, 6L, 4, (PoaAction?)null), (state.Version, state.AcknowledgedVersion, state.Content.NextActivityId, state.Content.Action));
        Assert.Equal(Text(LegacyProgress()), Text(state.Content.Progress));

        // Written again, it is read back the same, in a fraction of the size.
        var rewritten = Serializer.SerializeToArray(state);
        Assert.Equal(Text(LegacyProgress()), Text(Serializer.Deserialize<ActionState>(rewritten)!.Content.Progress));
        Assert.True(rewritten.Length * 3 < Convert.FromBase64String(LegacyState).Length, $"{rewritten.Length} bytes");
    }

    [Fact]
    public void AStateWithoutProgressStoresNoneAndReadsNone()
    {
        var state = new ActionState { Version = 2, Content = new ActionContent(null, [], 1) };

        var copy = Serializer.Deserialize<ActionState>(Serializer.SerializeToArray(state))!;

        Assert.Empty(copy.Content.Progress);
        Assert.Null(state.PackedProgress);
    }

    /// <summary>Progress of every kind of value: 0, 0.00, -0, the largest, negatives, every scale; notes null, empty,
    /// non-ASCII and long.</summary>
    private static ActivityProgress[] RandomProgress(int seed)
    {
        var random = new Random(seed);
        decimal Figure() => random.Next(8) switch
        {
            0 => 0m,
            1 => 0.00m,
            2 => -0m,
            3 => PoaRules.MaxMoney,
            4 => -decimal.Round((decimal)random.NextDouble() * 1_000m, random.Next(0, 7)),
            5 => decimal.MaxValue / (decimal)Math.Pow(10, random.Next(0, 29)),
            _ => decimal.Round((decimal)random.NextDouble() * 1_000_000_000m, random.Next(0, 7)),
        };
        string? Note() => random.Next(4) switch
        {
            0 => null,
            1 => "",
            2 => "Entrega de 1 950 despensas en Guadalupe — ñandú 🚀",
            _ => new string('x', random.Next(100, 5000)),
        };
        return Enumerable.Range(0, random.Next(0, 12)).Select(a => new ActivityProgress(random.Next(1, PoaPlatform.Abstractions.Editing.FieldPath.MaxActivityId),
            [.. Enumerable.Range(1, 12).Where(_ => random.Next(3) > 0).Select(m => new MonthProgress(m, Figure(), Figure(), Note(), Figure(), Figure(), Figure(), Figure(), Figure()))])).ToArray();
    }

    /// <summary>The bytes of the format (2) as first written (commit 33ae0bb's <c>ProgressPacking</c>): the packing may
    /// get faster, never different, or rows already written would read otherwise.</summary>
    [Fact]
    public void ThePackedBytesAreThoseOfTheFormat()
    {
        var packed = new[] { LegacyProgress(), RandomProgress(1), RandomProgress(2), RandomProgress(3) }.SelectMany(ProgressPacking.Pack).ToArray();
        Assert.Equal(PackedFormatHash, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(packed)));
        Assert.Equal(PackedLegacyProgress, Convert.ToBase64String(ProgressPacking.Pack(LegacyProgress())));
    }

    private const string PackedFormatHash = "4DD8DC3039F9F8FB318B9ECE9464141884732443FF9C77E84D0BF9A2B7D51818";
    private const string PackedLegacyProgress = "AgMBCAEHARkAAAKpTgAAAqCNBgAAAwMBLQAAAvvqAQAABAMBNwAAAqS5AgAABgMBSwAAAvbVAwAABwMBVQAAAp+kBAAACQMBaQAAAvHABQAACgMBcwAAApqPBgAADAMBhwEAAALsqwcAAAIIAkMBMgAAAtKcAQAAAgAAAAMDATwAAAL76gEAAAWDAVAAAALNhwMAABRSZXVuacOzbiBjb24gdmVjaW5vcwYDAVoAAAL21QMAAAgDAW4AAALI8gQAAAkDAXgAAALxwAUAAAsDAYwBAAACw90GAAAMAwGWAQAAAuyrBwAAAwgBBwE3AAACqU4AAAKgjQYAAAJDAUEAAALSnAEAAAIAAAAEAwFVAAACpLkCAAAFgwFfAAACzYcDAAAUUmV1bmnDs24gY29uIHZlY2lub3MHAwFzAAACn6QEAAAIAwF9AAACyPIEAAAKAwGRAQAAApqPBgAACwMBmwEAAALD3QYAAA==";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryValueReadsBackToItsDigitsAndScale(int seed)
    {
        var progress = RandomProgress(seed);

        var read = ProgressPacking.Unpack(ProgressPacking.Pack(progress));

        Assert.Equal(Text(progress), Text(read));
        Assert.Equal(progress, read, (x, y) => x.ActivityId == y.ActivityId && x.Months.SequenceEqual(y.Months));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void PackingAgainFromTheLastPackingGivesTheSameBytesAsPackingAfresh(int seed)
    {
        var random = new Random(seed);
        var packer = new ProgressPacker();
        var progress = RandomProgress(seed).ToList();
        var copied = 0;
        for (var step = 0; step < 300; step++)
        {
            switch (random.Next(10))
            {
                case 0 when progress.Count > 0:
                    progress.RemoveAt(random.Next(progress.Count));
                    break;
                case 1:
                    progress.Insert(random.Next(progress.Count + 1), RandomProgress(random.Next()).FirstOrDefault() ?? new ActivityProgress(1, []));
                    break;
                case 2 when progress.Count > 1:
                    // Two activities trade places (their instances stay).
                    var (i, j) = (random.Next(progress.Count), random.Next(progress.Count));
                    (progress[i], progress[j]) = (progress[j], progress[i]);
                    break;
                case 3:
                    packer.Clear();
                    break;
                default:
                    // A report: one activity's progress is replaced.
                    if (progress.Count == 0)
                        goto case 1;
                    var at = random.Next(progress.Count);
                    progress[at] = progress[at].With(new MonthProgress(random.Next(1, 13), random.Next(0, 1000) / 10m, random.Next(0, 100_000) / 100m,
                        random.Next(2) == 0 ? null : "Entrega número " + step));
                    copied++;
                    break;
            }
            Assert.Equal(Convert.ToBase64String(ProgressPacking.Pack(progress)), Convert.ToBase64String(packer.Pack(progress)));
        }
        Assert.True(copied > 100);

        // More activities than a one-byte count: the copied bytes start after a longer header.
        var many = Enumerable.Range(1, 200).Select(id => new ActivityProgress(id, [new MonthProgress(1 + id % 12, id, id * 2.5m)])).ToList();
        Assert.Equal(ProgressPacking.Pack(many), packer.Pack(many));
        many[150] = many[150].With(new MonthProgress(3, 7, 8, "cambio"));
        Assert.Equal(ProgressPacking.Pack(many), packer.Pack(many));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 3, 0 })]
    [InlineData(new byte[] { 2, 1, 2, 1, 2, 0x01 })]
    [InlineData(new byte[] { 2, 200, 1 })]
    [InlineData(new byte[] { 2, 0, 9 })]
    [InlineData(new byte[] { 2, 1, 2, 1, 2, 0x03, 0x02 })]
    [InlineData(new byte[] { 2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void AStoredProgressThatIsNotOfThisFormatIsRefused(byte[] packed) =>
        Assert.Throws<FormatException>(() => ProgressPacking.Unpack(packed));

    [Fact]
    public void EveryShorterPrefixOfAPackedProgressIsRefused()
    {
        var packed = ProgressPacking.Pack(LegacyProgress());
        for (var length = 0; length < packed.Length; length++)
            Assert.Throws<FormatException>(() => ProgressPacking.Unpack(packed[..length]));
    }

    // Every value with its scale and sign (decimal's own text), every note, in order.
    private static string Text(IEnumerable<ActivityProgress> progress) => string.Join("\n", progress.Select(a =>
        a.ActivityId.ToString(CultureInfo.InvariantCulture) + ":" + string.Join(";", a.Months.Select(m => string.Join(",",
            m.Month, m.Achieved, m.Exercised, m.Approved, m.Modified, m.Committed, m.Accrued, m.Paid, m.Note ?? "<null>")))));
}
