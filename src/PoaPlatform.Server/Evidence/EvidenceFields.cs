using System.Globalization;
using GraphQL;
using GraphQL.Types;
using PoaPlatform.Persistence;
using PoaPlatform.Server.Actions;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Evidence;

/// <summary>Evidence in GraphQL: an action's items (by activity and month) and their count, and the mutations that add
/// a link, delete an item and review one. Files are uploaded over HTTP (<see cref="EvidenceEndpoints"/>).</summary>
public static class EvidenceFields
{
    public static string DownloadPath(long id) => "/evidence/" + id.ToString(CultureInfo.InvariantCulture);

    public static void AddTo(ObjectGraphType<ActionNode> action)
    {
        action.Field<NonNullGraphType<EvidenceConnectionType>>("evidence")
            .Description("The evidence of the action's progress reports, oldest first: files and links, optionally of one activity and one month.")
            .Argument<IntGraphType>("activityId")
            .Argument<IntGraphType>("month", a => a.Description = "1 (ENE) to 12 (DIC).")
            .WithPaging()
            .ResolveAsync(async c =>
            {
                var items = await Service(c).Registry.ForActionAsync(c.Source.Key, c.GetArgument<int?>("activityId"), c.GetArgument<int?>("month"), c.CancellationToken);
                return Paging.Page(c, items, i => i.Id.ToString(CultureInfo.InvariantCulture));
            });
        action.Field<NonNullGraphType<IntGraphType>>("evidenceCount")
            .Description("How many evidence items the action has (of one month, with month).")
            .Argument<IntGraphType>("month")
            .ResolveAsync(async c => await Service(c).Registry.CountAsync(c.Source.Key, c.GetArgument<int?>("month"), c.CancellationToken));
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<EvidenceType>>("addEvidenceLink")
            .Description("Adds a link (http or https) as evidence of one activity's progress in one month (who may report that progress). Files go to POST /evidence/...")
            .Argument<NonNullGraphType<AddEvidenceLinkInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<AddEvidenceLinkInput>("input");
                var target = new EvidenceTarget(Slugs.From(input.Municipality), input.Year, Slugs.From(input.Department), input.Number, input.ActivityId, input.Month);
                return await Service(c).AddLinkAsync(c.User, target, input.Url, input.Title, c.CancellationToken);
            });
        mutation.Field<NonNullGraphType<EvidenceType>>("deleteEvidence")
            .Description("Deletes an evidence item and its file (who may report progress on its action); the deletion stays in the audit.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await Service(c).DeleteAsync(c.User, Id(c), c.CancellationToken));
        mutation.Field<NonNullGraphType<EvidenceType>>("reviewEvidence")
            .Description("Validates or rejects an evidence item (planning unit); a rejection needs a comment.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<EvidenceVerdictType>>("verdict")
            .Argument<StringGraphType>("comment")
            .ResolveAsync(async c => await Service(c).ReviewAsync(c.User, Id(c), c.GetArgument<EvidenceStatus>("verdict"), c.GetArgument<string?>("comment"), c.CancellationToken));
    }

    private static long Id(IResolveFieldContext c) =>
        long.TryParse(c.GetArgument<string>("id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw PoaErrors.Of(Abstractions.Editing.ErrorCodes.NotFound, $"There is no evidence {c.GetArgument<string>("id")}.");

    private static EvidenceService Service(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<EvidenceService>();
}

public sealed class EvidenceType : ObjectGraphType<EvidenceItem>
{
    public EvidenceType()
    {
        Name = "Evidence";
        Description = "A file or a link that supports one activity's progress in one month, with who added it and the reviewer's verdict.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<EvidenceKindType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<IntGraphType>>("action").Description("The action's number.").Resolve(c => Abstractions.PoaKeys.ActionNumber(c.Source.ActionKey));
        Field(e => e.ActivityId);
        Field(e => e.Month).Description("1 (ENE) to 12 (DIC).");
        Field(e => e.FileName, nullable: true).Description("A file's name (its extension follows its content).");
        Field(e => e.ContentType, nullable: true).Description("What a file's bytes are, read from them (not from the name).");
        Field<LongGraphType>("size").Description("A file's size in bytes.").Resolve(c => c.Source.Size);
        Field(e => e.Sha256, nullable: true).Description("A file's SHA-256, hexadecimal.");
        Field<StringGraphType>("url").Description("A link's address, or where a file downloads (GET, same reading rules as the POA).")
            .Resolve(c => c.Source.Kind == EvidenceKind.File ? EvidenceFields.DownloadPath(c.Source.Id) : c.Source.Url);
        Field(e => e.Title, nullable: true).Description("A link's title.");
        Field<StringGraphType>("uploadedBy").Description("Who added it; null for readers who are not signed-in users of the municipality.")
            .Resolve(c => MaySeeWho(c) ? c.Source.UploadedBy : null);
        Field(e => e.UploadedAt).Description("UTC.");
        Field<NonNullGraphType<EvidenceStatusType>>("status").Resolve(c => c.Source.Status);
        Field<StringGraphType>("reviewedBy").Resolve(c => MaySeeWho(c) ? c.Source.ReviewedBy : null);
        Field(e => e.ReviewedAt, nullable: true);
        Field(e => e.ReviewComment, nullable: true);
    }

    private static bool MaySeeWho(IResolveFieldContext<EvidenceItem> context) =>
        Auth.PoaAuthorization.CanSeeWho(context.User, context.Source.PoaKey.Split('/')[0]);
}

public sealed class EvidenceConnectionType() : ConnectionType<EvidenceType, EvidenceItem>("Evidence");

public sealed class EvidenceKindType : EnumerationGraphType<EvidenceKind>
{
    public EvidenceKindType() => Name = "EvidenceKind";
}

public sealed class EvidenceStatusType : EnumerationGraphType<EvidenceStatus>
{
    public EvidenceStatusType() => Name = "EvidenceStatus";
}

/// <summary>A reviewer's verdict: VALIDATED or REJECTED.</summary>
public sealed class EvidenceVerdictType : EnumerationGraphType
{
    public EvidenceVerdictType()
    {
        Name = "EvidenceVerdict";
        Add("VALIDATED", EvidenceStatus.Validated);
        Add("REJECTED", EvidenceStatus.Rejected);
    }
}

public sealed class AddEvidenceLinkInput
{
    public string Municipality { get; set; } = "zacatecas";

    public int Year { get; set; }

    public string Department { get; set; } = "";

    public int Number { get; set; }

    public int ActivityId { get; set; }

    public int Month { get; set; }

    public string Url { get; set; } = "";

    public string? Title { get; set; }
}

public sealed class AddEvidenceLinkInputType : InputObjectGraphType<AddEvidenceLinkInput>
{
    public AddEvidenceLinkInputType()
    {
        Name = "AddEvidenceLinkInput";
        Field(i => i.Municipality).DefaultValue("zacatecas");
        Field(i => i.Year);
        Field(i => i.Department);
        Field(i => i.Number).Description("The action.");
        Field(i => i.ActivityId);
        Field(i => i.Month).Description("1 (ENE) to 12 (DIC).");
        Field(i => i.Url).Description("http or https.");
        Field(i => i.Title, nullable: true).Description("What the link shows; its host when empty.");
    }
}
