using System.CommandLine;
using PoaPlatform.Auth;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa token --department SLUG --role ROLE [--user NAME] [--data-dir DIR] [--hours N]</c>: prints a JWT
/// signed with the development key of the data directory (created there if missing), which a server sharing that
/// directory accepts.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var department = new Option<string>("--department") { Description = "The department slug the token belongs to (e.g. secretaria-particular).", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", PoaRoles.All)}.", Required = true };
        role.AcceptOnlyFromAmong([.. PoaRoles.All]);
        var user = new Option<string>("--user") { Description = "The user recorded in the audit trail.", DefaultValueFactory = _ => Environment.UserName };
        var dataDirectory = new Option<string>("--data-dir") { Description = "The server's Storage:DataDirectory.", DefaultValueFactory = _ => "data" };
        var hours = new Option<double>("--hours") { Description = "How long the token is valid.", DefaultValueFactory = _ => 8 };
        var command = new Command("token", "Print a signed token for the GraphQL API (development key of the data directory).")
        {
            department, role, user, dataDirectory, hours,
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
            var token = new TokenIssuer(key).Issue(result.GetRequiredValue(user), result.GetRequiredValue(department),
                result.GetRequiredValue(role), TimeSpan.FromHours(lifetime));
            result.InvocationConfiguration.Output.WriteLine(token);
            return 0;
        });
        return command;
    }
}
