using System.CommandLine;
using PoaPlatform.Auth;
using PoaPlatform.Auth.Accounts;
using PoaPlatform.Persistence.Accounts;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa user add|list|disable|reset-password</c>: accounts from the command line (the operator's way in,
/// and the way back in when every admin is locked out). A new or reset password is printed once.</summary>
internal static class UserCommand
{
    public static Command Create()
    {
        var database = new Database();

        var email = new Argument<string>("email") { Description = "The person's email." };
        var name = new Option<string?>("--name") { Description = "The name shown on the pages (default: the email)." };
        var municipality = new Option<string>("--municipality") { Description = "The municipality's slug (not for a superadmin).", DefaultValueFactory = _ => "" };
        var department = new Option<string?>("--department") { Description = "The department's slug (editors)." };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", PoaRoles.All)}.", Required = true };
        role.AcceptOnlyFromAmong([.. PoaRoles.All]);
        var add = new Command("add", "Create an account with a one-time password (printed once).") { email, name, municipality, department, role };
        database.AddTo(add);
        add.SetAction((result, ct) => RunAsync(result, database, async (accounts, output) =>
        {
            var (user, password) = await accounts.CreateAsync(new NewUser(result.GetRequiredValue(email), result.GetValue(name) ?? "",
                result.GetRequiredValue(municipality), result.GetValue(department), result.GetRequiredValue(role)), "poa user add", ct);
            output.WriteLine($"created {user.Email} ({user.Role}{(user.Municipality.Length > 0 ? $", {user.Municipality}" : "")}{(user.Department is null ? "" : $", {user.Department}")})");
            output.WriteLine($"one-time password: {password}");
            output.WriteLine("The user chooses a new one at the first sign-in (/entrar).");
        }, ct));

        var listMunicipality = new Option<string?>("--municipality") { Description = "Only this municipality's accounts." };
        var list = new Command("list", "List the accounts.") { listMunicipality };
        database.AddTo(list);
        list.SetAction((result, ct) => RunAsync(result, database, async (accounts, output) =>
        {
            foreach (var u in await accounts.Users.ListAsync(result.GetValue(listMunicipality), ct))
                output.WriteLine($"{u.Email}\t{(u.Role.Length == 0 ? "(sin rol)" : u.Role)}\t{u.Municipality}\t{u.Department ?? ""}\t{(u.Active ? "active" : "disabled")}");
        }, ct));

        var disableEmail = new Argument<string>("email") { Description = "The account to disable." };
        var disable = new Command("disable", "Disable an account: its sessions, sockets and API tokens stop working.") { disableEmail };
        database.AddTo(disable);
        disable.SetAction((result, ct) => RunAsync(result, database, async (accounts, output) =>
        {
            var user = await FindAsync(accounts, result.GetRequiredValue(disableEmail), ct);
            await accounts.UpdateAsync(user.Id, new UserChanges(Active: false), "poa user disable", ct);
            output.WriteLine($"disabled {user.Email}");
        }, ct));

        var resetEmail = new Argument<string>("email") { Description = "The account whose password to reset." };
        var reset = new Command("reset-password", "Give an account a new one-time password (printed once); also lifts a lockout.") { resetEmail };
        database.AddTo(reset);
        reset.SetAction((result, ct) => RunAsync(result, database, async (accounts, output) =>
        {
            var user = await FindAsync(accounts, result.GetRequiredValue(resetEmail), ct);
            output.WriteLine($"one-time password for {user.Email}: {await accounts.ResetPasswordAsync(user.Id, "poa user reset-password", ct)}");
        }, ct));

        return new Command("user", "Accounts of the people who use the platform.") { add, list, disable, reset };
    }

    private static async Task<UserAccount> FindAsync(AccountService accounts, string email, CancellationToken ct) =>
        await accounts.Users.FindByEmailAsync(email, ct) ?? throw new AccountException(AccountCodes.NotFound, $"There is no account {email}.", "email");

    private static async Task<int> RunAsync(ParseResult result, Database database, Func<AccountService, TextWriter, Task> action, CancellationToken ct)
    {
        if (await database.OpenAsync(result, ct) is not { } target)
            return 2;
        try
        {
            await action(new AccountService(target), result.InvocationConfiguration.Output);
            return 0;
        }
        catch (AccountException e)
        {
            result.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
