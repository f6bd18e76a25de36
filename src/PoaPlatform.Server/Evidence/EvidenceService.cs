using System.Security.Claims;
using GraphQL;
using Microsoft.Extensions.Options;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Persistence;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Evidence;

/// <summary>The progress cell an evidence item supports: one action's activity in one month.</summary>
public sealed record EvidenceTarget(string Municipality, int Year, string Department, int Number, int ActivityId, int Month)
{
    public string PoaKey => PoaKeys.Poa(Municipality, Year);

    public string DepartmentKey => PoaKeys.Department(PoaKey, Department);

    public string ActionKey => PoaKeys.Action(DepartmentKey, Number);
}

/// <summary>Evidence for HTTP and GraphQL alike: who may add, delete and review it, the checks of a file and of a link,
/// the item and its bytes stored, and the change announced to <c>poaChanged</c> subscribers as a comment is.</summary>
/// <remarks>Who may add or delete evidence is who may report progress on the action (<see cref="PoaAuthorization.EnsureCanEdit"/>);
/// who reviews it is the planning unit (<see cref="PoaAuthorization.EnsureCanPlan"/>); reading follows the POA's reads.</remarks>
public sealed class EvidenceService(EvidenceRegistry registry, IEvidenceStore store, PoaAuthorization authorization, IGrainFactory grains,
    TimeProvider time, IOptions<EvidenceOptions> options, ILogger<EvidenceService> logger)
{
    /// <summary>A file larger than Evidence:MaxBytes (HTTP 413).</summary>
    public const string FileTooLarge = "FILE_TOO_LARGE";

    /// <summary>A file whose bytes are not of an accepted type, whatever its name (HTTP 415).</summary>
    public const string UnsupportedFileType = "UNSUPPORTED_FILE_TYPE";

    public const int MaxUrlLength = 2000;
    public const int MaxTitleLength = 300;
    public const int MaxCommentLength = 2000;

    public long MaxBytes => options.Value.MaxBytes;

    public EvidenceRegistry Registry => registry;

    public IEvidenceStore Store => store;

    /// <summary>Who may add evidence to the target, after checking that its action, activity and month exist.</summary>
    public async Task<Editor> AuthorizeAddAsync(ClaimsPrincipal? user, EvidenceTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var editor = authorization.EnsureCanEdit(user, target.Municipality, target.Year, target.Department);
        if (target.Month is < 1 or > 12)
            throw PoaErrors.Of(ErrorCodes.Validation, $"month must be 1 (ENE) to 12 (DIC); it is {target.Month}.", "month");
        var action = await grains.Grain<IActionGrain>(target.ActionKey).GetAsync()
            ?? throw PoaErrors.Of(ErrorCodes.NotFound, $"Action {target.Number} of '{target.Department}' does not exist.");
        if (action.Action.Activities.All(a => a.Id != target.ActivityId))
            throw PoaErrors.Of(ErrorCodes.NotFound, $"Action {target.Number} of '{target.Department}' has no activity {target.ActivityId}.", "activityId");
        return editor;
    }

    /// <summary>Stores a file already checked for size, read into <paramref name="file"/> (seekable), with its SHA-256.</summary>
    public async Task<EvidenceItem> AddFileAsync(Editor editor, EvidenceTarget target, Stream file, string? fileName, string sha256, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(editor);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(file);
        var detection = EvidenceContent.Detect(file, fileName ?? "");
        if (!detection.Accepted)
        {
            var refusal = PoaErrors.Of(UnsupportedFileType, $"The file \"{fileName}\" is {detection.Description}, whatever its name says: evidence is a PDF, " +
                "an image (PNG, JPEG, GIF, WebP), an Office document (Word, Excel, PowerPoint) or plain text / CSV.");
            refusal.Extensions = new Dictionary<string, object?> { ["detected"] = detection.Description };
            throw refusal;
        }
        var length = file.Length;
        var key = Guid.NewGuid().ToString("N");
        file.Position = 0;
        await store.PutAsync(key, file, length, detection.ContentType!, ct);
        try
        {
            var item = await registry.AddAsync(new EvidenceItem(0, target.PoaKey, target.DepartmentKey, target.ActionKey, target.ActivityId, target.Month,
                EvidenceKind.File, key, EvidenceContent.SafeName(fileName, detection), detection.ContentType, length, sha256, null, null, editor.User,
                time.GetUtcNow(), EvidenceStatus.Pending, null, null, null), ct);
            await AnnounceAsync(item);
            return item;
        }
        catch
        {
            await store.DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Adds a link (http or https) with its title.</summary>
    public async Task<EvidenceItem> AddLinkAsync(ClaimsPrincipal? user, EvidenceTarget target, string url, string? title, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        var editor = await AuthorizeAddAsync(user, target);
        url = url.Trim();
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw PoaErrors.Of(ErrorCodes.Validation, $"A link is an http or https address of at most {MaxUrlLength} characters.", "url");
        title = string.IsNullOrWhiteSpace(title) ? uri.Host : title.Trim();
        if (Domain.Rules.PoaRules.Text("title", title, MaxTitleLength) is { } badTitle)
            throw PoaErrors.Of(ErrorCodes.Validation, badTitle.Message, "title");
        var item = await registry.AddAsync(new EvidenceItem(0, target.PoaKey, target.DepartmentKey, target.ActionKey, target.ActivityId, target.Month,
            EvidenceKind.Link, null, null, null, null, null, uri.AbsoluteUri, title, editor.User, time.GetUtcNow(), EvidenceStatus.Pending, null, null, null), ct);
        await AnnounceAsync(item);
        return item;
    }

    /// <summary>Deletes an item (its bytes too): who may add evidence to its action. The deletion stays in the audit.</summary>
    public async Task<EvidenceItem> DeleteAsync(ClaimsPrincipal? user, long id, CancellationToken ct)
    {
        var item = await FindAsync(id, ct);
        var (municipality, year) = Of(item);
        var editor = authorization.EnsureCanEdit(user, municipality, year, PoaKeys.Leaf(item.DepartmentKey));
        if (!await registry.DeleteAsync(item, editor.User, time.GetUtcNow(), ct))
            throw NotFound(id);
        if (item.ContentKey is { } key)
        {
            try
            {
                await store.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The item is gone from every list and the audit says so; bytes left behind are only storage.
                logger.LogWarning(e, "The bytes of deleted evidence {Id} ({Key}) could not be removed.", id, key);
            }
        }
        await AnnounceAsync(item);
        return item;
    }

    /// <summary>A reviewer's verdict: validated or rejected (a rejection says why).</summary>
    public async Task<EvidenceItem> ReviewAsync(ClaimsPrincipal? user, long id, EvidenceStatus verdict, string? comment, CancellationToken ct)
    {
        var item = await FindAsync(id, ct);
        var (municipality, year) = Of(item);
        var editor = authorization.EnsureCanPlan(user, municipality, year);
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (verdict == EvidenceStatus.Pending)
            throw PoaErrors.Of(ErrorCodes.Validation, "A review validates or rejects.", "verdict");
        if (verdict == EvidenceStatus.Rejected && comment is null)
            throw PoaErrors.Of(ErrorCodes.Validation, "A rejection says why: write the comment.", "comment");
        if (comment is not null && Domain.Rules.PoaRules.Text("comment", comment, MaxCommentLength) is { } badComment)
            throw PoaErrors.Of(ErrorCodes.Validation, badComment.Message, "comment");
        var reviewed = await registry.ReviewAsync(id, verdict, comment, editor.User, time.GetUtcNow(), ct) ?? throw NotFound(id);
        await AnnounceAsync(reviewed);
        return reviewed;
    }

    /// <summary>An item for a download: it must exist and its POA be readable by the user.</summary>
    public async Task<EvidenceItem> ReadableAsync(ClaimsPrincipal? user, long id, CancellationToken ct)
    {
        var item = await FindAsync(id, ct);
        var (municipality, year) = Of(item);
        authorization.EnsureCanRead(user, municipality, year);
        return item;
    }

    private async Task<EvidenceItem> FindAsync(long id, CancellationToken ct) => await registry.FindAsync(id, ct) ?? throw NotFound(id);

    private static ExecutionError NotFound(long id) => PoaErrors.Of(ErrorCodes.NotFound, $"There is no evidence {id}.");

    private static (string Municipality, int Year) Of(EvidenceItem item)
    {
        var parts = item.PoaKey.Split('/');
        return (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    // The item is stored: telling poaChanged subscribers is best effort, as for a comment.
    private async Task AnnounceAsync(EvidenceItem item)
    {
        try
        {
            await grains.Grain<IPoaGrain>(item.PoaKey).AnnounceAsync(item.DepartmentKey);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The change of evidence {Id} was stored but not announced.", item.Id);
        }
    }
}
