using GraphQL;
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
            .Argument<NonNullGraphType<StringGraphType>>("municipality", a => a.DefaultValue = "zacatecas")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async context =>
            {
                authorization.EnsureCanRead(context.User);
                var municipality = context.GetArgument<string>("municipality");
                var year = context.GetArgument<int>("year");
                if (string.IsNullOrEmpty(Slugs.From(municipality)) || year is < 1900 or > 9999)
                    throw GraphQL.PoaErrors.Of(Abstractions.Editing.ErrorCodes.Validation, "Name a municipality and a year between 1900 and 9999.");
                var summary = await grains.GetGrain<IPoaGrain>(PoaKeys.Poa(municipality, year)).GetSummaryAsync();
                return new CityNode(Slugs.From(municipality), year, summary);
            });
    }
}
