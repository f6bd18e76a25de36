using GraphQL.Types;
using PoaPlatform.Server.Poas;

namespace PoaPlatform.Server.GraphQL;

/// <summary>The POA schema: one query root (<c>poa</c>) and the mutations of every grain command.</summary>
public sealed class PoaSchema : Schema
{
    public PoaSchema(IServiceProvider services, PoaQueries query, PoaMutation mutation) : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = services.GetRequiredService<Live.PoaSubscription>();
    }
}
