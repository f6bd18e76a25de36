using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Editing;

namespace PoaPlatform.Server.Consolidation;

/// <summary>The (municipality, year) arguments that name a city's POA, for the query and the subscription roots.</summary>
internal static class CityArguments
{
    public static FieldBuilder<object?, TReturn> WithCityArguments<TReturn>(this FieldBuilder<object?, TReturn> field) => field
        .Argument<NonNullGraphType<StringGraphType>>("municipality", a => a.DefaultValue = "zacatecas")
        .Argument<NonNullGraphType<IntGraphType>>("year");

    /// <summary>The municipality's slug and the year, or a VALIDATION error.</summary>
    public static (string Municipality, int Year) Read(IResolveFieldContext context)
    {
        var municipality = Slugs.From(context.GetArgument<string>("municipality"));
        var year = context.GetArgument<int>("year");
        if (municipality.Length == 0 || year is < 1900 or > 9999)
            throw GraphQL.PoaErrors.Of(ErrorCodes.Validation, "Name a municipality and a year between 1900 and 9999.");
        return (municipality, year);
    }
}
