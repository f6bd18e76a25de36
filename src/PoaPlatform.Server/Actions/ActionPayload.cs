using GraphQL.Types;

namespace PoaPlatform.Server.Actions;

/// <summary>What a command answers: the action's new version, the activity it created, and the action as it is now.</summary>
public sealed record ActionPayload(long Version, int? ActivityId, string? ClientMutationId, ActionNode? Action);

public sealed class ActionPayloadType : ObjectGraphType<ActionPayload>
{
    public ActionPayloadType()
    {
        Name = "ActionPayload";
        Field(p => p.Version).Description("The action's version after the command: the next expectedVersion.");
        Field(p => p.ActivityId, nullable: true).Description("The activity the command created or changed, if any.");
        Field(p => p.ClientMutationId, nullable: true).Description("The clientMutationId the command was sent with.");
        Field<ActionType>("action").Description("The action after the command; null once it is deleted.").Resolve(c => c.Source.Action);
    }
}
