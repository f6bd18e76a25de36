using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Persistence;
using PoaPlatform.Server.Actions;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.Departments;
using PoaPlatform.Server.GraphQL;
using PoaPlatform.Server.Poas;

namespace PoaPlatform.Server.Audit;

/// <summary>The audit trail of a POA, a department or an action, newest first, read from the audit table, with the
/// comments of the same threads.</summary>
/// <remarks>A host without an <see cref="IAuditStore"/> (the in-memory silo) answers an empty trail. Anonymous readers
/// get each entry without its user and the user's department.</remarks>
public static class AuditQueries
{
    public const int MaxEntries = 500;

    public static void AddTo(ObjectGraphType<PoaNode> poa) =>
        poa.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryType>>>>("audit")
            .Argument<StringGraphType>("department", a => a.Description = "A department slug.")
            .Argument<IntGraphType>("action", a => a.Description = "An action number (with department).")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .ResolveAsync(async c =>
            {
                var department = c.GetArgument<string?>("department");
                var action = c.GetArgument<int?>("action");
                var departmentKey = department is null ? null : PoaKeys.Department(c.Source.Key, Slugs.From(department));
                if (action is not null && departmentKey is null)
                    throw PoaErrors.Of(Abstractions.Editing.ErrorCodes.Validation, "An action number needs its department.");
                var query = action is { } number
                    ? new AuditQuery(ActionKey: PoaKeys.Action(departmentKey!, number))
                    : departmentKey is not null ? new AuditQuery(DepartmentKey: departmentKey) : new AuditQuery(PoaKey: c.Source.Key);
                return await ReadAsync(c, query);
            });

    public static void AddTo(ObjectGraphType<DepartmentNode> department) =>
        department.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryType>>>>("audit")
            .Argument<IntGraphType>("action", a => a.Description = "An action number.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .ResolveAsync(async c => await ReadAsync(c, c.GetArgument<int?>("action") is { } number
                ? new AuditQuery(ActionKey: PoaKeys.Action(c.Source.Key, number))
                : new AuditQuery(DepartmentKey: c.Source.Key)));

    public static void AddTo(ObjectGraphType<ActionNode> action) =>
        action.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryType>>>>("audit")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .ResolveAsync(async c => await ReadAsync(c, new AuditQuery(ActionKey: c.Source.Key)));

    private static async Task<IReadOnlyList<AuditRecord>> ReadAsync(IResolveFieldContext context, AuditQuery query)
    {
        var first = context.GetArgument<int?>("first") ?? 50;
        if (first is < 0 or > MaxEntries)
            throw PoaErrors.Of(Abstractions.Editing.ErrorCodes.Validation, $"first must be between 0 and {MaxEntries}.");
        var store = context.RequestServices!.GetService<IAuditStore>();
        if (store is null || first == 0)
            return [];
        var changes = await store.ReadAsync(query with { Limit = first }, context.CancellationToken);
        if (context.RequestServices!.GetService<CommentStore>() is not { } comments)
            return changes;
        // The comments of the same POA, department or action, as entries of their own (command addComment, version 0,
        // the text as newValue), merged newest first.
        var said = await comments.NewestAsync(query.PoaKey, query.DepartmentKey, query.ActionKey, first, context.CancellationToken);
        // Evidence added, deleted and reviewed, as entries of their own (version 0, the progress cell as the path).
        var evidence = context.RequestServices!.GetService<EvidenceRegistry>() is { } registry
            ? await registry.NewestEventsAsync(query.PoaKey, query.DepartmentKey, query.ActionKey, first, context.CancellationToken)
            : [];
        return [.. changes.Concat(said.Select(Entry)).Concat(evidence.Select(Entry)).OrderByDescending(e => e.AtUtc).Take(first)];
    }

    private static AuditRecord Entry(EvidenceEvent e) => new(e.ActionKey, e.DepartmentKey, e.PoaKey, 0, 0, e.AtUtc, e.User, "", e.Command, e.Path,
        e.OldValue, e.NewValue);

    private static AuditRecord Entry(Comment comment) => new(comment.ActionKey ?? comment.DepartmentKey, comment.DepartmentKey, comment.PoaKey, 0, 0,
        comment.AtUtc, comment.Author, "", "addComment", comment.Path ?? "comment", null, comment.Text);
}

public sealed class AuditEntryType : ObjectGraphType<AuditRecord>
{
    public AuditEntryType()
    {
        Name = "AuditEntry";
        Description = "One field changed by one command: who, when, what, from which value to which.";
        Field(a => a.ActionKey);
        Field(a => a.Version);
        Field(a => a.Sequence);
        Field(a => a.AtUtc).Description("UTC.");
        // Who changed the POA is for the signed-in users of its municipality; anonymous readers (Auth:PublicRead) and
        // users of other municipalities see what changed and when.
        Field<StringGraphType>("user").Description("Who sent the command; null for readers who are not signed-in users of the municipality.")
            .Resolve(c => MaySeeWho(c) ? c.Source.User : null);
        Field<StringGraphType>("userDepartment").Description("The department of who sent the command; null as for user.")
            .Resolve(c => MaySeeWho(c) ? c.Source.UserDepartment : null);
        Field(a => a.Command);
        Field(a => a.Field).Description("The path that changed: name, activity/3/description, activity/3/progress/5, ...");
        Field<FieldKindType>("kind").Description("What the path is; null for a path this version does not know.")
            .Resolve(c => FieldPath.TryParse(c.Source.Field, out var path) ? path.Kind : null);
        Field<IntGraphType>("activityId").Resolve(c => FieldPath.TryParse(c.Source.Field, out var path) ? path.ActivityId : null);
        Field<IntGraphType>("month").Resolve(c => FieldPath.TryParse(c.Source.Field, out var path) ? path.Month : null);
        Field(a => a.OldValue, nullable: true);
        Field(a => a.NewValue, nullable: true);
    }

    private static bool MaySeeWho(IResolveFieldContext<AuditRecord> context) =>
        Auth.PoaAuthorization.CanSeeWho(context.User, context.Source.PoaKey.Split('/')[0]);
}
