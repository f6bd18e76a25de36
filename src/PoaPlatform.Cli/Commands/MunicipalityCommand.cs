using System.CommandLine;
using PoaPlatform.Domain.Model;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Persistence.Accounts;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa municipality add|list|open-year</c>: the municipalities a deployment serves (an operator's task).</summary>
internal static class MunicipalityCommand
{
    public static Command Create()
    {
        var database = new Database();
        var slug = new Argument<string>("slug") { Description = "The municipality's key, e.g. guadalupe." };
        var name = new Option<string>("--name") { Description = "Its name, e.g. Guadalupe.", Required = true };
        var state = new Option<string>("--state") { Description = "The state, e.g. Zacatecas.", Required = true };
        var inegi = new Option<string>("--inegi") { Description = "Clave INEGI, five digits (state and municipality), e.g. 32017.", Required = true };
        var year = new Option<int?>("--year") { Description = "Also open this fiscal year." };
        var add = new Command("add", "Add a municipality (and open a year of it).") { slug, name, state, inegi, year };
        database.AddTo(add);
        add.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var key = Slugs.From(result.GetRequiredValue(slug));
            var code = result.GetRequiredValue(inegi);
            if (key.Length == 0 || code.Length != 5 || !code.All(char.IsAsciiDigit))
            {
                error.WriteLine("error: give a slug of letters, digits and hyphens, and a five-digit INEGI code (e.g. 32017).");
                return 2;
            }
            if (result.GetValue(year) is { } y && PoaRules.Year(y) is { } violation)
            {
                error.WriteLine($"error: {violation.Message}");
                return 2;
            }
            if (await database.OpenAsync(result, cancellationToken) is not { } target)
                return 2;
            var store = new MunicipalityStore(target);
            var added = await store.AddAsync(key, result.GetRequiredValue(name).Trim(), result.GetRequiredValue(state).Trim(), code, DateTimeOffset.UtcNow, cancellationToken);
            output.WriteLine(added ? $"added {key}" : $"{key} exists already");
            if (result.GetValue(year) is { } open)
                output.WriteLine(await store.OpenYearAsync(key, open, "poa municipality add", DateTimeOffset.UtcNow, cancellationToken) ? $"opened {key}/{open}" : $"{key}/{open} was open already");
            return 0;
        });

        var list = new Command("list", "List the municipalities and their years.");
        database.AddTo(list);
        list.SetAction(async (result, cancellationToken) =>
        {
            if (await database.OpenAsync(result, cancellationToken) is not { } target)
                return 2;
            foreach (var m in await new MunicipalityStore(target).ListAsync(cancellationToken))
                result.InvocationConfiguration.Output.WriteLine($"{m.Slug}\t{m.Name}\t{m.State}\t{m.InegiCode}\t{string.Join(",", m.Years)}");
            return 0;
        });

        var openSlug = new Argument<string>("slug") { Description = "The municipality." };
        var openYear = new Argument<int>("year") { Description = "The fiscal year to open." };
        var openCommand = new Command("open-year", "Open a fiscal year of a municipality.") { openSlug, openYear };
        database.AddTo(openCommand);
        openCommand.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            var key = Slugs.From(result.GetRequiredValue(openSlug));
            var fiscal = result.GetRequiredValue(openYear);
            if (PoaRules.Year(fiscal) is { } violation)
            {
                error.WriteLine($"error: {violation.Message}");
                return 2;
            }
            if (await database.OpenAsync(result, cancellationToken) is not { } target)
                return 2;
            var store = new MunicipalityStore(target);
            if ((await store.ListAsync(cancellationToken)).All(m => m.Slug != key))
            {
                error.WriteLine($"error: there is no municipality \"{key}\"; add it with poa municipality add.");
                return 2;
            }
            result.InvocationConfiguration.Output.WriteLine(await store.OpenYearAsync(key, fiscal, "poa municipality open-year", DateTimeOffset.UtcNow, cancellationToken)
                ? $"opened {key}/{fiscal}" : $"{key}/{fiscal} was open already");
            return 0;
        });
        return new Command("municipality", "The municipalities a deployment serves and their fiscal years.") { add, list, openCommand };
    }
}
