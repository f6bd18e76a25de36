using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Domain.Rules;

namespace PoaPlatform.Server.Poas;

/// <summary>The (municipality, year) arguments that name a POA, for the query and the subscription roots.</summary>
internal static class PoaArguments
{
    public static FieldBuilder<object?, TReturn> WithPoaArguments<TReturn>(this FieldBuilder<object?, TReturn> field) => field
        .Argument<NonNullGraphType<StringGraphType>>("municipality", a => a.DefaultValue = "zacatecas")
        .Argument<NonNullGraphType<IntGraphType>>("year");

    /// <summary>The municipality's slug and the year, or a VALIDATION error.</summary>
    public static (string Municipality, int Year) Read(IResolveFieldContext context)
    {
        var given = context.GetArgument<string>("municipality");
        var year = context.GetArgument<int>("year");
        if ((PoaRules.Municipality(given) ?? PoaRules.Year(year)) is { } violation)
            throw GraphQL.PoaErrors.Of(ErrorCodes.Validation, violation.Message, violation.Field);
        return (Slugs.From(given), year);
    }

    public static string Key(IResolveFieldContext context)
    {
        var (municipality, year) = Read(context);
        return PoaKeys.Poa(municipality, year);
    }
}
