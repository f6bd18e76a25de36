using System.Collections.Concurrent;
using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Persistence;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Departments;
using PoaPlatform.Server.GraphQL;
using PoaPlatform.Server.Poas;

namespace PoaPlatform.Server.Cycle;

/// <summary>The year's cycle in GraphQL: each department's status and history, the transitions (submit, review,
/// return, approve, reopen), the months reopened for late reports, the calendar, what waits for the planning unit,
/// and the comment threads.</summary>
public static class CycleFields
{
    public static void AddTo(ObjectGraphType<DepartmentNode> department)
    {
        department.Field<NonNullGraphType<CycleType>>("cycle")
            .ResolveAsync(async c => new CycleNode(c.Source, await Calendars(c).LoadAsync(PoaKeys.Parent(c.Source.Key)), Today(c)));
        department.Field<NonNullGraphType<IntGraphType>>("pendingRequests").Description("Modification requests of its actions waiting for the planning unit.")
            .ResolveAsync(async c => (await c.RequestServices!.GetRequiredService<DepartmentViewLoader>().LoadAsync(c.Source.Key)).Actions.Sum(a => a.PendingRequests));
        department.Field<NonNullGraphType<CommentConnectionType>>("comments")
            .Description("The department's thread (with withActions, every comment of its actions too), oldest first.")
            .Argument<NonNullGraphType<BooleanGraphType>>("withActions", a => a.DefaultValue = false)
            .WithPaging()
            .ResolveAsync(async c => await CommentsAsync(c, (store, after, limit) =>
                store.ForDepartmentAsync(c.Source.Key, c.GetArgument<bool>("withActions"), after, limit, c.CancellationToken)));
    }

    /// <summary>A page of a comment thread by the field's first and after (a cursor names a comment).</summary>
    public static async Task<Connection<Comment>> CommentsAsync(IResolveFieldContext c, Func<CommentStore, long?, int, Task<(IReadOnlyList<Comment> Page, int Total)>> read)
    {
        var size = Paging.Size(c.GetArgument<int?>("first"));
        long? after = null;
        if (Paging.KeyAfter(c.GetArgument<string?>("after")) is { } key)
        {
            after = long.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? id
                : throw PoaErrors.Of(PoaErrors.BadCursor, "The cursor does not point into this thread.");
        }
        var (rows, total) = await read(c.RequestServices!.GetRequiredService<CommentStore>(), after, size + 1);
        return Paging.FromRows(rows, r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), size, total);
    }

    public static void AddTo(ObjectGraphType<PoaNode> poa)
    {
        poa.Field<NonNullGraphType<CalendarType>>("calendar").Resolve(c => c.Source.Summary.Calendar ?? PoaCalendar.Default(c.Source.Year));
        poa.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StatusCountType>>>>("statusCounts")
            .Description("How many departments are in each status (every status listed, with 0).")
            .Resolve(c => Enum.GetValues<CycleStatus>().Select(s => new StatusCount(s, c.Source.Summary.Departments.Count(d => d.CycleOrStart.Status == s))).ToList());
        poa.Field<NonNullGraphType<DepartmentConnectionType>>("lateDepartments")
            .Description("Departments still capturing after the submission deadline, by name.")
            .WithPaging()
            .Resolve(c => Paging.Page(c, Nodes(c.Source).Where(n => new CycleNode(n, c.Source.Summary.Calendar, Today(c)).Late).ToList(), n => n.Slug));
        poa.Field<NonNullGraphType<DepartmentConnectionType>>("reviewInbox")
            .Description("What waits for the planning unit: departments submitted or in review, the longest waiting first.")
            .WithPaging()
            .Resolve(c => Paging.Page(c, Nodes(c.Source).Where(n => n.Summary.CycleOrStart.Status is CycleStatus.Enviado or CycleStatus.EnRevision)
                .OrderBy(n => n.Summary.CycleOrStart.SubmittedAt ?? DateTimeOffset.MaxValue).ToList(), n => n.Slug));
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        Transition(mutation, "submitPoa", CycleTransition.Submit, "Submits the department's POA: every warning finding needs an explanation; an error finding blocks it.");
        Transition(mutation, "reviewPoa", CycleTransition.TakeForReview, "Takes a submitted POA into review (planning unit).");
        Transition(mutation, "returnPoa", CycleTransition.Return, "Sends a POA back to the department with comments (planning unit).");
        Transition(mutation, "approvePoa", CycleTransition.Approve, "Approves a POA whose programming has not changed since it was submitted: it becomes the baseline and locks.");
        Transition(mutation, "reopenPoa", CycleTransition.Reopen, "Reopens an approved POA for capture, with the reason (admins).");

        mutation.Field<NonNullGraphType<CyclePayloadType>>("reopenMonth")
            .Description("Reopens (or, with reopened: false, closes again) a month whose cut-off passed, for one department's late reports (planning unit).")
            .Argument<NonNullGraphType<ReopenMonthInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<ReopenMonthInput>("input");
                var (municipality, department) = (Slugs.From(input.Municipality), Slugs.From(input.Department));
                var editor = c.RequestServices!.GetRequiredService<PoaAuthorization>().EnsureCanPlan(c.User, municipality, input.Year);
                var key = PoaKeys.Department(PoaKeys.Poa(municipality, input.Year), department);
                var result = await Grains(c).Grain<IDepartmentGrain>(key).SetMonthReopenedAsync(input.Month, input.Reopened, new CommandContext(editor, input.ExpectedVersion));
                return await PayloadAsync(c, result, input.Year, key);
            });

        mutation.Field<NonNullGraphType<CalendarType>>("setCalendar")
            .Description("Sets the year's cut-off dates (ENE..DIC) and the submission deadline (planning unit).")
            .Argument<NonNullGraphType<SetCalendarInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<SetCalendarInput>("input");
                var municipality = Slugs.From(input.Municipality);
                var editor = c.RequestServices!.GetRequiredService<PoaAuthorization>().EnsureCanPlan(c.User, municipality, input.Year);
                var grain = Grains(c).Grain<IPoaGrain>(PoaKeys.Poa(municipality, input.Year));
                var result = await grain.SetCalendarAsync(input.CutOffs, input.SubmissionDeadline, new CommandContext(editor, input.ExpectedVersion));
                return result.Succeeded ? await grain.GetCalendarAsync() : throw PoaErrors.From(result.Error!);
            });

        mutation.Field<NonNullGraphType<CommentType>>("addComment")
            .Description("Adds a message to the thread of a department's POA, or of one of its actions (optionally about one path).")
            .Argument<NonNullGraphType<AddCommentInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<AddCommentInput>("input");
                var (municipality, department) = (Slugs.From(input.Municipality), Slugs.From(input.Department));
                var user = c.RequestServices!.GetRequiredService<PoaAuthorization>().EnsureCanComment(c.User, municipality, input.Year, department);
                var text = input.Text.Trim();
                if (text.Length == 0)
                    throw PoaErrors.Of(ErrorCodes.Validation, "Write the comment.", "text");
                if (Domain.Rules.PoaRules.Text("text", text, Domain.Rules.PoaRules.MaxTextLength) is { } badText)
                    throw PoaErrors.Of(ErrorCodes.Validation, badText.Message, "text");
                if (input.Path is { } path && !FieldPath.TryParse(path, out _))
                    throw PoaErrors.Of(ErrorCodes.Validation, $"\"{path}\" is not a path of an action (name, activity/3/target/5, ...).", "path");
                if (input.Path is not null && input.Number is null)
                    throw PoaErrors.Of(ErrorCodes.Validation, "A comment about a path names its action.", "number");
                var poaKey = PoaKeys.Poa(municipality, input.Year);
                var departmentKey = PoaKeys.Department(poaKey, department);
                var comment = await c.RequestServices!.GetRequiredService<CommentStore>().AddAsync(new Comment(0, poaKey, departmentKey,
                    input.Number is { } number ? PoaKeys.Action(departmentKey, number) : null, input.Path, user.Name, user.Role,
                    c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow(), text), c.CancellationToken);
                // The comment is stored: telling poaChanged subscribers is best effort, as for every change.
                await Grains(c).Grain<IPoaGrain>(poaKey).AnnounceAsync(departmentKey);
                return comment;
            });
    }

    private static void Transition(ObjectGraphType mutation, string name, CycleTransition transition, string description) =>
        mutation.Field<NonNullGraphType<CyclePayloadType>>(name)
            .Description(description)
            .Argument<NonNullGraphType<CycleInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CycleInput>("input");
                var (municipality, department) = (Slugs.From(input.Municipality), Slugs.From(input.Department));
                var editor = c.RequestServices!.GetRequiredService<PoaAuthorization>().EnsureCanTransition(c.User, municipality, input.Year, department, transition);
                var key = PoaKeys.Department(PoaKeys.Poa(municipality, input.Year), department);
                var result = await Grains(c).Grain<IDepartmentGrain>(key).TransitionAsync(transition, input.Comment,
                    [.. (input.Explanations ?? []).Select(e => new FindingExplanation(e.FindingKey, e.Text))], new CommandContext(editor, input.ExpectedVersion));
                return await PayloadAsync(c, result, input.Year, key);
            });

    private static async Task<CyclePayload> PayloadAsync(IResolveFieldContext c, CommandResult result, int year, string departmentKey)
    {
        if (!result.Succeeded)
            throw PoaErrors.From(result.Error!);
        var view = await Grains(c).Grain<IDepartmentGrain>(departmentKey).GetViewAsync();
        c.RequestServices!.GetRequiredService<DepartmentViewLoader>().Forget(departmentKey);
        return new CyclePayload(result.Version, new DepartmentNode(year, view.Summary));
    }

    private static IEnumerable<DepartmentNode> Nodes(PoaNode poa) => poa.Summary.Departments.Select(d => new DepartmentNode(poa.Year, d));

    private static IGrainFactory Grains(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<IGrainFactory>();

    private static PoaCalendarLoader Calendars(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<PoaCalendarLoader>();

    private static DateOnly Today(IResolveFieldContext c) =>
        DateOnly.FromDateTime(DepartmentRules.MexicoCity(c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow()));
}

/// <summary>Per request: each POA's calendar read once.</summary>
public sealed class PoaCalendarLoader(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PoaCalendar>>> _calendars = new(StringComparer.Ordinal);

    public Task<PoaCalendar> LoadAsync(string poaKey) =>
        _calendars.GetOrAdd(poaKey, key => new Lazy<Task<PoaCalendar>>(() => grains.Grain<IPoaGrain>(key).GetCalendarAsync())).Value;
}

public sealed record CyclePayload(long Version, DepartmentNode Department);

public sealed class CyclePayloadType : ObjectGraphType<CyclePayload>
{
    public CyclePayloadType()
    {
        Name = "CyclePayload";
        Field(p => p.Version).Description("The cycle's version after the command: the next expectedVersion.");
        Field<NonNullGraphType<DepartmentType>>("department").Resolve(c => c.Source.Department);
    }
}

public sealed class ExplanationInput
{
    public string FindingKey { get; set; } = "";

    public string Text { get; set; } = "";
}

public sealed class ExplanationInputType : InputObjectGraphType<ExplanationInput>
{
    public ExplanationInputType()
    {
        Name = "ExplanationInput";
        Field(e => e.FindingKey).Description("The key of a submission check.");
        Field(e => e.Text);
    }
}

public sealed class CycleInput
{
    public string Municipality { get; set; } = "zacatecas";

    public int Year { get; set; }

    public string Department { get; set; } = "";

    public long ExpectedVersion { get; set; }

    public string? Comment { get; set; }

    public IReadOnlyList<ExplanationInput>? Explanations { get; set; }
}

public sealed class CycleInputType : InputObjectGraphType<CycleInput>
{
    public CycleInputType()
    {
        Name = "CycleInput";
        Field(i => i.Municipality).DefaultValue("zacatecas");
        Field(i => i.Year);
        Field(i => i.Department);
        Field<NonNullGraphType<LongGraphType>>("expectedVersion").Description("The cycle version the user saw: two reviewers deciding at once get one success and one CONFLICT.");
        Field(i => i.Comment, nullable: true).Description("Required to return a POA and to reopen one.");
        Field<ListGraphType<NonNullGraphType<ExplanationInputType>>>("explanations").Description("On submit: one per warning finding.");
    }
}

public sealed class ReopenMonthInput
{
    public string Municipality { get; set; } = "zacatecas";

    public int Year { get; set; }

    public string Department { get; set; } = "";

    public int Month { get; set; }

    public bool Reopened { get; set; } = true;

    public long ExpectedVersion { get; set; }
}

public sealed class ReopenMonthInputType : InputObjectGraphType<ReopenMonthInput>
{
    public ReopenMonthInputType()
    {
        Name = "ReopenMonthInput";
        Field(i => i.Municipality).DefaultValue("zacatecas");
        Field(i => i.Year);
        Field(i => i.Department);
        Field(i => i.Month).Description("1 (ENE) to 12 (DIC).");
        Field(i => i.Reopened).DefaultValue(true);
        Field<NonNullGraphType<LongGraphType>>("expectedVersion");
    }
}

public sealed class SetCalendarInput
{
    public string Municipality { get; set; } = "zacatecas";

    public int Year { get; set; }

    public IReadOnlyList<DateOnly> CutOffs { get; set; } = [];

    public DateOnly? SubmissionDeadline { get; set; }

    public long ExpectedVersion { get; set; }
}

public sealed class SetCalendarInputType : InputObjectGraphType<SetCalendarInput>
{
    public SetCalendarInputType()
    {
        Name = "SetCalendarInput";
        Field(i => i.Municipality).DefaultValue("zacatecas");
        Field(i => i.Year);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DateOnlyGraphType>>>>("cutOffs").Description("Twelve dates, ENE..DIC: the last day to report each month.");
        Field<DateOnlyGraphType>("submissionDeadline");
        Field<NonNullGraphType<LongGraphType>>("expectedVersion");
    }
}

public sealed class AddCommentInput
{
    public string Municipality { get; set; } = "zacatecas";

    public int Year { get; set; }

    public string Department { get; set; } = "";

    public int? Number { get; set; }

    public string? Path { get; set; }

    public string Text { get; set; } = "";
}

public sealed class AddCommentInputType : InputObjectGraphType<AddCommentInput>
{
    public AddCommentInputType()
    {
        Name = "AddCommentInput";
        Field(i => i.Municipality).DefaultValue("zacatecas");
        Field(i => i.Year);
        Field(i => i.Department);
        Field(i => i.Number, nullable: true).Description("The action; none for the department's own thread.");
        Field(i => i.Path, nullable: true).Description("A path of the action the comment is about (activity/3/target/5, ...).");
        Field(i => i.Text);
    }
}
