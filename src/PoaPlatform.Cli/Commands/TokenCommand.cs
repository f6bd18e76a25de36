using System.CommandLine;
using PoaPlatform.Auth;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa token --role ROLE [--municipality SLUG] [--department SLUG] [--user NAME] [--data-dir DIR] [--hours N]</c>:
/// prints a development token (a JWT signed with the development key of the data directory, created there if missing),
/// which a server sharing that directory accepts. For development and tests: people sign in at /entrar and
/// integrations use the API tokens they create there.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var municipality = new Option<string>("--municipality") { Description = "The municipality the token belongs to (none only for superadmin).", DefaultValueFactory = _ => "zacatecas" };
        var department = new Option<string>("--department") { Description = "The department slug the token belongs to (e.g. secretaria-particular).", DefaultValueFactory = _ => "" };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", PoaRoles.All)}.", Required = true };
        role.AcceptOnlyFromAmong([.. PoaRoles.All]);
        var user = new Option<string>("--user") { Description = "The user recorded in the audit trail.", DefaultValueFactory = _ => Environment.UserName };
        var dataDirectory = new Option<string>("--data-dir") { Description = "The server's Storage:DataDirectory.", DefaultValueFactory = _ => "data" };
        var hours = new Option<double>("--hours") { Description = "How long the token is valid.", DefaultValueFactory = _ => 8 };
        var command = new Command("token", "Print a development token for the GraphQL API (signed with the data directory's development key; for development and tests — people sign in, integrations use API tokens).")
        {
            municipality, department, role, user, dataDirectory, hours,
        };
        command.SetAction(result =>
        {
            var lifetime = result.GetValue(hours);
            if (lifetime is <= 0 or > 24 * 366)
            {
                result.InvocationConfiguration.Error.WriteLine("--hours must be more than 0 and at most a year.");
                return 2;
            }
            var key = DevelopmentSigningKey.LoadOrCreate(result.GetRequiredValue(dataDirectory));
            var roleName = result.GetRequiredValue(role);
            var municipalitySlug = roleName == PoaRoles.SuperAdmin ? "" : Domain.Model.Slugs.From(result.GetRequiredValue(municipality));
            var departmentSlug = Domain.Model.Slugs.From(result.GetRequiredValue(department));
            if (roleName == PoaRoles.Editor && departmentSlug.Length == 0)
            {
                result.InvocationConfiguration.Error.WriteLine("An editor's token names its department: --department SLUG.");
                return 2;
            }
            var token = new TokenIssuer(key).Issue(result.GetRequiredValue(user), municipalitySlug, departmentSlug, roleName, TimeSpan.FromHours(lifetime));
            result.InvocationConfiguration.Output.WriteLine(token);
            return 0;
        });
        return command;
    }
}
