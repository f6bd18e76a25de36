using System.CommandLine;
using System.Text;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa convert FILE --to xlsx|xlsx-flat|csv|json|poa [--output PATH]</c>: writes a POA in another format.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var file = PoaInput.FileArgument();
        var to = new Option<string>("--to")
        {
            Description = "The format to write: xlsx (the seed layout, a sheet per action and the summary sheet), xlsx-flat (one row per activity, " +
                          "with the progress a flat file carried), csv (UTF-8 with BOM, for Excel), json, or poa (the seed layout as tab-separated text).",
            Required = true,
        };
        to.AcceptOnlyFromAmong("xlsx", "xlsx-flat", "csv", "json", "poa");
        var outputPath = new Option<string?>("--output", "-o") { Description = "The file to write; standard output when left out." };
        var command = new Command("convert", "Convert a POA to a workbook, CSV, JSON or back to the seed layout.") { file, to, outputPath };
        command.SetAction(result =>
        {
            var read = PoaInput.TryRead(result.GetRequiredValue(file), result.InvocationConfiguration.Error);
            if (read is null)
                return PoaInput.UnreadableExitCode;
            var format = result.GetRequiredValue(to);
            if (result.GetValue(outputPath) is { } path)
                return WriteFile(read, format, path, result.InvocationConfiguration.Error);
            if (format is "xlsx" or "xlsx-flat")
            {
                // A zip package needs a seekable stream: build it in memory, then copy it out.
                using var workbook = new MemoryStream();
                Write(read, format, workbook);
                using var stdout = Console.OpenStandardOutput();
                workbook.WriteTo(stdout);
                return 0;
            }
            result.InvocationConfiguration.Output.Write(Render(read, format));
            return 0;
        });
        return command;
    }

    // Excel needs the BOM to read accents as UTF-8, also when stdout is redirected to a .csv file.
    private static string Render(PoaReadResult read, string format) => format switch
    {
        "json" => PoaJson.Serialize(read.Document, progress: read.Progress.Count > 0 ? read.Progress : null) + Environment.NewLine,
        "csv" => "\uFEFF" + PoaCsv.Serialize(read.Document),
        _ => PoaWriter.Write(read.Document),
    };

    private static void Write(PoaReadResult read, string format, Stream stream)
    {
        if (format == "xlsx")
            PoaXlsx.Write(read.Document, stream);
        else
            PoaXlsx.WriteFlat(read.Document, stream, read.Progress);
    }

    private static int WriteFile(PoaReadResult read, string format, string path, TextWriter error)
    {
        try
        {
            if (format is "xlsx" or "xlsx-flat")
            {
                using var stream = File.Create(path);
                Write(read, format, stream);
            }
            else if (format == "csv")
            {
                PoaCsv.WriteFile(read.Document, path);
            }
            else
            {
                File.WriteAllText(path, Render(read, format), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
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
