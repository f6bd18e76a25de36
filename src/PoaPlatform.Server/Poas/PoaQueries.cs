using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Server.Auth;

namespace PoaPlatform.Server.Poas;

/// <summary>The query root: every read starts at a municipality's POA of a year.</summary>
public sealed class PoaQueries : ObjectGraphType
{
    public PoaQueries(IGrainFactory grains, PoaAuthorization authorization)
    {
        Name = "Query";
        Field<NonNullGraphType<PoaType>>("poa")
            .Description("A municipality's POA for a fiscal year; a year nobody imported reads as empty.")
            .WithPoaArguments()
            .ResolveAsync(async context =>
            {
                var (municipality, year) = PoaArguments.Read(context);
                authorization.EnsureCanRead(context.User, municipality, year);
                var summary = await grains.Grain<IPoaGrain>(PoaKeys.Poa(municipality, year)).GetSummaryAsync();
                return new PoaNode(municipality, year, summary);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Budget.FundingSourceType>>>>("fundingSources")
            .Description("The deployment's catalogue of funding sources (Budget:FundingSources): the keys an activity's fundingSource takes.")
            .Resolve(context => context.RequestServices!.GetRequiredService<Microsoft.Extensions.Options.IOptions<Budget.BudgetOptions>>().Value.Catalogue);
        Municipalities.MunicipalityFields.AddTo(this);
        Accounts.AccountFields.AddTo(this);
        Comparison.CompareQueries.AddTo(this);
    }
}
