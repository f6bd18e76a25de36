using System.CommandLine;
using System.Text;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa convert FILE --to json|csv|poa [--output PATH]</c>: writes a POA in another format.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var file = PoaInput.FileArgument();
        var to = new Option<string>("--to") { Description = "The format to write: json, csv (UTF-8 with BOM, for Excel) or poa (the seed layout).", Required = true };
        to.AcceptOnlyFromAmong("json", "csv", "poa");
        var outputPath = new Option<string?>("--output", "-o") { Description = "The file to write; standard output when left out." };
        var command = new Command("convert", "Convert a POA to JSON, CSV or back to the seed layout.") { file, to, outputPath };
        command.SetAction(result =>
        {
            var document = PoaInput.TryRead(result.GetRequiredValue(file), result.InvocationConfiguration.Error);
            if (document is null)
                return PoaInput.UnreadableExitCode;
            var format = result.GetRequiredValue(to);
            if (result.GetValue(outputPath) is { } path)
                return WriteFile(document, format, path, result.InvocationConfiguration.Error);
            result.InvocationConfiguration.Output.Write(Render(document, format));
            return 0;
        });
        return command;
    }

    // Excel needs the BOM to read accents as UTF-8, also when stdout is redirected to a .csv file.
    private static string Render(PoaDocument document, string format) => format switch
    {
        "json" => PoaJson.Serialize(document) + Environment.NewLine,
        "csv" => "\uFEFF" + PoaCsv.Serialize(document),
        _ => PoaWriter.Write(document),
    };

    private static int WriteFile(PoaDocument document, string format, string path, TextWriter error)
    {
        try
        {
            if (format == "csv")
                PoaCsv.WriteFile(document, path);
            else
                File.WriteAllText(path, Render(document, format), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {path}: cannot write: {e.Message}");
            error.WriteLine("hint: check that the folder exists and that you may write there.");
            return PoaInput.UnreadableExitCode;
        }
    }
}
