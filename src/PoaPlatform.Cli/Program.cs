using System.CommandLine;
using PoaPlatform.Cli.Commands;

// The table of contents of `poa`: one line per command.
var root = new RootCommand("poa: read, check and convert Programas Operativos Anuales (POA).")
{
    ValidateCommand.Create(),
    ConvertCommand.Create(),
    TokenCommand.Create(),
    MunicipalityCommand.Create(),
    UserCommand.Create(),
    DbCommand.Create(),
    AuditCommand.Create(),
};
var result = root.Parse(args);
var exitCode = result.Invoke();
// A command line that does not parse is bad usage, as unreadable input is: exit code 2 (System.CommandLine says 1).
return result.Errors.Count > 0 ? 2 : exitCode;
