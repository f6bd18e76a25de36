using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Persistence;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.Departments;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Cycle;

public sealed class CycleStatusType : EnumerationGraphType<CycleStatus>
{
    public CycleStatusType()
    {
        Name = "CycleStatus";
        Description = "Where a department's POA stands: CAPTURA → ENVIADO → EN_REVISION → APROBADO, or DEVUELTO (back to the department with comments).";
    }
}

public sealed class CycleTransitionType : EnumerationGraphType<CycleTransition>
{
    public CycleTransitionType()
    {
        Name = "CycleTransition";
        Description = "SUBMIT (the department), TAKE_FOR_REVIEW, RETURN, APPROVE (the planning unit), REOPEN (admins), IMPORT_APPROVED (a historic import).";
    }
}

/// <summary>A department's cycle, with the department and the calendar it is judged against.</summary>
public sealed record CycleNode(DepartmentNode Department, PoaCalendar? Calendar, DateOnly Today)
{
    public DepartmentCycle Cycle => Department.Summary.CycleOrStart;

    /// <summary>Still capturing (or returned) after the submission deadline.</summary>
    public bool Late => Calendar?.SubmissionDeadline is { } deadline && Today > deadline && CycleRules.ProgrammingEditable(Cycle.Status);
}

public sealed class CycleType : ObjectGraphType<CycleNode>
{
    public CycleType()
    {
        Name = "Cycle";
        Description = "A department's POA in the year's cycle.";
        Field<NonNullGraphType<CycleStatusType>>("status").Resolve(c => c.Source.Cycle.Status);
        Field<NonNullGraphType<LongGraphType>>("version").Description("Send it back as expectedVersion of the next transition.").Resolve(c => c.Source.Cycle.Version);
        Field<NonNullGraphType<IntGraphType>>("approvalNumber").Description("How many times the POA was approved.").Resolve(c => c.Source.Cycle.ApprovalNumber);
        Field<NonNullGraphType<BooleanGraphType>>("programmingEditable").Description("True while the department captures (CAPTURA, DEVUELTO).")
            .Resolve(c => CycleRules.ProgrammingEditable(c.Source.Cycle.Status));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CycleTransitionType>>>>("allowedTransitions").Resolve(c => CycleRules.From(c.Source.Cycle.Status));
        Field<DateTimeOffsetGraphType>("submittedAt").Resolve(c => c.Source.Cycle.SubmittedAt);
        Field<NonNullGraphType<BooleanGraphType>>("late").Description("Still capturing after the submission deadline.").Resolve(c => c.Source.Late);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("reopenedMonths").Description("Months a planner reopened for late reports.")
            .Resolve(c => c.Source.Cycle.ReopenedMonths);
        Field<NonNullGraphType<CycleEventConnectionType>>("history").Description("The transitions, oldest first.")
            .WithPaging()
            .Resolve(c => Paging.Page(c, c.Source.Cycle.History, e => e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SubmissionCheckType>>>>("submissionChecks")
            .Description("The findings a submission weighs: each warning needs an explanation, an error blocks it; with the explanation given last.")
            .Resolve(c => FindingKeys.Of(c.Source.Department.Summary.Findings)
                .Select(f => new SubmissionCheck(f.Key, f.Finding, c.Source.Cycle.Explanations.FirstOrDefault(e => e.FindingKey == f.Key)?.Text)).ToList());
    }
}

public sealed class CycleEventType : ObjectGraphType<CycleEvent>
{
    public CycleEventType()
    {
        Name = "CycleEvent";
        Field(e => e.Version);
        Field(e => e.At);
        Field(e => e.User);
        Field<NonNullGraphType<CycleTransitionType>>("transition").Resolve(c => c.Source.Transition);
        Field<NonNullGraphType<CycleStatusType>>("from").Resolve(c => c.Source.From);
        Field<NonNullGraphType<CycleStatusType>>("to").Resolve(c => c.Source.To);
        Field(e => e.Comment, nullable: true);
    }
}

public sealed class CycleEventConnectionType() : ConnectionType<CycleEventType, CycleEvent>("CycleEvent");

public sealed record SubmissionCheck(string Key, Finding Finding, string? Explanation);

public sealed class SubmissionCheckType : ObjectGraphType<SubmissionCheck>
{
    public SubmissionCheckType()
    {
        Name = "SubmissionCheck";
        Field(c => c.Key).Description("Name the explanation of this finding by it.");
        Field<NonNullGraphType<FindingType>>("finding").Resolve(c => c.Source.Finding);
        Field(c => c.Explanation, nullable: true);
    }
}

public sealed class CalendarType : ObjectGraphType<PoaCalendar>
{
    public CalendarType()
    {
        Name = "Calendar";
        Description = "The year's cut-offs (last day each month's progress is reported, Mexico City) and the submission deadline.";
        Field(c => c.Version);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DateOnlyGraphType>>>>("cutOffs").Description("ENE..DIC.").Resolve(c => c.Source.CutOffs);
        Field<DateOnlyGraphType>("submissionDeadline").Resolve(c => c.Source.SubmissionDeadline);
    }
}

public sealed record StatusCount(CycleStatus Status, int Count);

public sealed class StatusCountType : ObjectGraphType<StatusCount>
{
    public StatusCountType()
    {
        Name = "StatusCount";
        Field<NonNullGraphType<CycleStatusType>>("status").Resolve(c => c.Source.Status);
        Field(c => c.Count);
    }
}

public sealed class CommentType : ObjectGraphType<Comment>
{
    public CommentType()
    {
        Name = "Comment";
        Description = "One message of the thread of a department's POA or of an action.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<IntGraphType>("action").Description("The action's number; null for the department's own thread.")
            .Resolve(c => c.Source.ActionKey is { } key ? Abstractions.PoaKeys.ActionNumber(key) : null);
        Field(c => c.Path, nullable: true).Description("The path it points at, e.g. activity/3/target/5.");
        Field(c => c.Author);
        Field(c => c.AuthorRole);
        Field(c => c.AtUtc);
        Field(c => c.Text);
    }
}

public sealed class CommentConnectionType() : ConnectionType<CommentType, Comment>("Comment");
