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
return root.Parse(args).Invoke();
