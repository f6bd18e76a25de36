using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Consolidation;
using PoaPlatform.Server.Auth;

namespace PoaPlatform.Server.Consolidation;

/// <summary>The query root: every read starts at a city's POA of a year.</summary>
public sealed class PoaQueries : ObjectGraphType
{
    public PoaQueries(IGrainFactory grains, PoaAuthorization authorization)
    {
        Name = "Query";
        Field<NonNullGraphType<CityType>>("poa")
            .Description("A municipality's POA for a fiscal year; a year nobody imported reads as empty.")
            .WithCityArguments()
            .ResolveAsync(async context =>
            {
                authorization.EnsureCanRead(context.User);
                var (municipality, year) = CityArguments.Read(context);
                var summary = await grains.GetGrain<IPoaGrain>(PoaKeys.Poa(municipality, year)).GetSummaryAsync();
                return new CityNode(municipality, year, summary);
            });
    }
}
