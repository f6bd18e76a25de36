using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Persistence.Accounts;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.GraphQL;

namespace PoaPlatform.Server.Municipalities;

/// <summary>The municipalities of the deployment: <c>municipalities</c> (public: the pages' selector), and the
/// commands that make one exist (<c>createMunicipality</c>, operators) or open one of its years (<c>openYear</c>,
/// its planners). Nothing is ever created implicitly by a write that names an unknown municipality or year.</summary>
public static class MunicipalityFields
{
    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MunicipalityType>>>>("municipalities")
            .Description("The municipalities this deployment serves, with the years opened for each.")
            .Resolve(context => context.RequestServices!.GetRequiredService<PoaDirectory>().Municipalities.OrderBy(m => m.Slug, StringComparer.Ordinal));

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<MunicipalityType>>("createMunicipality")
            .Description("Adds a municipality to the deployment (operators: superadmin).")
            .Argument<NonNullGraphType<CreateMunicipalityInputType>>("input")
            .ResolveAsync(async context =>
            {
                var services = context.RequestServices!;
                services.GetRequiredService<PoaAuthorization>().EnsureOperator(context.User);
                var input = context.GetArgument<CreateMunicipalityInput>("input");
                var slug = Slugs.From(input.Slug);
                Check(slug.Length is > 0 and <= 64, "slug", "A municipality's slug has 1 to 64 letters, digits and hyphens, e.g. \"zacatecas\".");
                Check(input.Name.Trim().Length is > 0 and <= 200, "name", "Give the municipality's name (at most 200 characters).");
                Check(input.State.Trim().Length is > 0 and <= 100, "state", "Give the state the municipality belongs to.");
                Check(input.InegiCode.Length == 5 && input.InegiCode.All(char.IsAsciiDigit), "inegiCode", "The INEGI code has five digits (state and municipality), e.g. 32056.");
                var store = services.GetRequiredService<MunicipalityStore>();
                if (!await store.AddAsync(slug, input.Name.Trim(), input.State.Trim(), input.InegiCode, services.GetRequiredService<TimeProvider>().GetUtcNow(), context.CancellationToken))
                    throw PoaErrors.Of(ErrorCodes.AlreadyExists, $"The municipality \"{slug}\" exists already.", "slug");
                var directory = services.GetRequiredService<PoaDirectory>();
                await directory.RefreshAsync(context.CancellationToken);
                return directory.Find(slug);
            });
        mutation.Field<NonNullGraphType<MunicipalityType>>("openYear")
            .Description("Opens a fiscal year of a municipality: from then on its departments can capture and import its POA (planners and admins).")
            .Argument<NonNullGraphType<StringGraphType>>("municipality")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async context =>
            {
                var services = context.RequestServices!;
                var municipality = Slugs.From(context.GetArgument<string>("municipality"));
                var year = context.GetArgument<int>("year");
                var editor = services.GetRequiredService<PoaAuthorization>().EnsureCanOpenYear(context.User, municipality);
                if (PoaRules.Year(year) is { } violation)
                    throw PoaErrors.Of(ErrorCodes.Validation, violation.Message, violation.Field);
                var directory = services.GetRequiredService<PoaDirectory>();
                if (!await services.GetRequiredService<MunicipalityStore>().OpenYearAsync(municipality, year, editor.User, services.GetRequiredService<TimeProvider>().GetUtcNow(), context.CancellationToken))
                    throw PoaErrors.Of(ErrorCodes.AlreadyExists, $"{municipality} has its POA {year} open already.", "year");
                await directory.RefreshAsync(context.CancellationToken);
                return directory.Find(municipality);
            });
    }

    private static void Check(bool condition, string field, string message)
    {
        if (!condition)
            throw PoaErrors.Of(ErrorCodes.Validation, message, field);
    }
}

public sealed class MunicipalityType : ObjectGraphType<Municipality>
{
    public MunicipalityType()
    {
        Name = "Municipality";
        Description = "A municipality served by this deployment.";
        Field(m => m.Slug).Description("Its key in every POA key: zacatecas/2021/...");
        Field(m => m.Name);
        Field(m => m.State);
        Field(m => m.InegiCode).Description("Clave INEGI: state and municipality, five digits.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("years").Description("The fiscal years opened, ascending.")
            .Resolve(c => c.Source.Years);
    }
}

public sealed class CreateMunicipalityInput
{
    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";

    public string State { get; set; } = "";

    public string InegiCode { get; set; } = "";
}

public sealed class CreateMunicipalityInputType : InputObjectGraphType<CreateMunicipalityInput>
{
    public CreateMunicipalityInputType()
    {
        Name = "CreateMunicipalityInput";
        Field(i => i.Slug);
        Field(i => i.Name);
        Field(i => i.State);
        Field(i => i.InegiCode);
    }
}
