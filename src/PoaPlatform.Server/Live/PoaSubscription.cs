using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.Poas;

namespace PoaPlatform.Server.Live;

/// <summary>The subscription root: live changes, served over WebSocket (graphql-transport-ws) at /graphql.</summary>
public sealed class PoaSubscription : ObjectGraphType
{
    public PoaSubscription(PoaChangeHub hub, PoaAuthorization authorization)
    {
        Name = "Subscription";
        Field<NonNullGraphType<PoaChangeType>>("poaChanged")
            .Description("Every change of a POA, from any department: the POA's new version and totals. Best effort: re-read after a reconnect.")
            .WithPoaArguments()
            .ResolveStreamAsync(async context =>
            {
                authorization.EnsureCanRead(context.User);
                return await hub.WatchAsync(PoaArguments.Key(context), context.CancellationToken);
            });
    }
}

public sealed class PoaChangeType : ObjectGraphType<PoaChange>
{
    public PoaChangeType()
    {
        Name = "PoaChange";
        Description = "A change of a POA: which department changed, the POA's new version and totals.";
        Field(c => c.PoaKey).Description("municipality/year.");
        Field(c => c.DepartmentKey).Description("municipality/year/department: the department that changed.");
        Field<NonNullGraphType<StringGraphType>>("department").Description("The slug of the department that changed.")
            .Resolve(c => PoaKeys.Leaf(c.Source.DepartmentKey));
        Field<NonNullGraphType<LongGraphType>>("version").Description("The POA's version after the change.").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<FiguresType>>("totals").Resolve(c => c.Source.Totals);
    }
}
