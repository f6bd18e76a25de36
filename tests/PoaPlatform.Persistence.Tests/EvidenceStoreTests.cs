using System.Security.Cryptography;
using PoaPlatform.Testing;

namespace PoaPlatform.Persistence.Tests;

/// <summary>Evidence in the platform's own database, SQLite and PostgreSQL alike: a file's bytes streamed in and out of
/// <c>poa_evidence_content</c>, the items of <c>poa_evidence</c> and their audit trail.</summary>
public sealed class EvidenceStoreTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly TemporaryDirectory _root = new("poa-evidence-tests-");

    public static TheoryData<StorageProvider> Providers => [StorageProvider.Sqlite, StorageProvider.PostgreSql];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AFileOfSeveralMegabytesComesBackByteForByteAndIsGoneOnceDeleted(StorageProvider provider)
    {
        var database = await MigratedAsync(provider, "content");
        var store = new DatabaseEvidenceStore(database);
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

        await using (var file = new MemoryStream(bytes))
            await store.PutAsync("a1", file, bytes.Length, "application/pdf");
        using var back = new MemoryStream();
        var found = await store.CopyToAsync("a1", back);
        var missing = await store.CopyToAsync("nothing", new MemoryStream());
        await store.DeleteAsync("a1");
        var afterDelete = await store.CopyToAsync("a1", new MemoryStream());

        Assert.True(found);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(back.ToArray()));
        Assert.False(missing);
        Assert.False(afterDelete);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ItemsAreListedByActivityAndMonthReviewedDeletedAndEveryChangeIsAnEvent(StorageProvider provider)
    {
        var registry = new EvidenceRegistry(await MigratedAsync(provider, "registry"));
        var file = await registry.AddAsync(Item(activity: 1, month: 3) with { Kind = EvidenceKind.File, ContentKey = "k", FileName = "acta.pdf", ContentType = "application/pdf", Size = 4, Sha256 = "ff" });
        var link = await registry.AddAsync(Item(activity: 2, month: 3) with { Url = "https://example.org/", Title = "Fotos" });

        var reviewed = await registry.ReviewAsync(link.Id, EvidenceStatus.Rejected, "No abre.", "luis", At.AddHours(1));
        var march = await registry.ForActionAsync(Action, null, 3);
        var activityOne = await registry.ForActionAsync(Action, 1, null);
        var deleted = await registry.DeleteAsync(file, "ana", At.AddHours(2));
        var deletedAgain = await registry.DeleteAsync(file, "ana", At.AddHours(3));
        var events = await registry.NewestEventsAsync(null, null, Action, 10);

        Assert.Equal([file.Id, link.Id], march.Select(e => e.Id));
        Assert.Equal(file, Assert.Single(activityOne));
        Assert.Equal((EvidenceStatus.Rejected, "luis", At.AddHours(1), "No abre."), (reviewed!.Status, reviewed.ReviewedBy, reviewed.ReviewedAt, reviewed.ReviewComment));
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Equal(1, await registry.CountAsync(Action, null));
        Assert.Equal(["deleteEvidence", "reviewEvidence", "addEvidence", "addEvidence"], events.Select(e => e.Command));
        Assert.Equal(("activity/1/progress/3", "ana", "acta.pdf (application/pdf, 4 bytes, sha256 ff)"), (events[0].Path, events[0].User, events[0].OldValue));
        Assert.Equal("REJECTED: No abre.", events[1].NewValue);
    }

    private const string Action = "zacatecas/2021/obras/4";

    private static EvidenceItem Item(int activity, int month) => new(0, "zacatecas/2021", "zacatecas/2021/obras", Action, activity, month, EvidenceKind.Link,
        null, null, null, null, null, null, null, "ana", At, EvidenceStatus.Pending, null, null, null);

    private async Task<StorageTarget> MigratedAsync(StorageProvider provider, string name)
    {
        var target = provider == StorageProvider.Sqlite
            ? StorageTarget.Sqlite(Path.Combine(_root.Path, name, "poa.db"))
            : StorageTarget.PostgreSql(await PostgresServer.Shared.CreateDatabaseAsync("evidence_" + name + "_" + Guid.NewGuid().ToString("N")[..6]));
        await Migrator.MigrateAsync(target);
        return target;
    }

    public void Dispose() => _root.Dispose();
}
