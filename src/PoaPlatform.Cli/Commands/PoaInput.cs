using System.CommandLine;
using PoaPlatform.Domain.Import;

namespace PoaPlatform.Cli.Commands;

/// <summary>The POA file argument shared by commands, and the one way they report a file that cannot be read.</summary>
internal static class PoaInput
{
    /// <summary>Exit code for input that cannot be read; 1 is left for findings under --strict and usage errors.</summary>
    public const int UnreadableExitCode = 2;

    public static Argument<string> FileArgument() => new("file")
    {
        Description = "The POA: an .xlsx workbook, or Excel's tab-separated text (UTF-8, UTF-16 with BOM or Windows-1252), in the seed layout or the flat layout.",
    };

    /// <summary>Reads the file, or prints one error line and a hint to stderr and returns null.</summary>
    public static PoaReadResult? TryRead(string path, TextWriter error)
    {
        try
        {
            return PoaReader.ReadFileWithSource(path);
        }
        catch (PoaFormatException e)
        {
            if (e.Line == 0)
            {
                error.WriteLine($"error: {path}: {e.Message}");
                error.WriteLine("hint: the file as a whole cannot be read; the message says how to save it so that it can.");
            }
            else
            {
                error.WriteLine($"error: {path}:{e.Message}");
                error.WriteLine(e.Sheet is { } sheet
                    ? $"hint: open sheet {CellPlace.SheetReference(sheet)} at cell {CellPlace.ColumnName(e.Column)}{e.Line} and fix it, then run `poa validate` again."
                    : $"hint: open the file at line {e.Line} and fix cell {e.Column} (cells are tab-separated), then run `poa validate` again.");
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            error.WriteLine($"error: {path}: file not found");
            error.WriteLine($"hint: paths are relative to {Environment.CurrentDirectory}; the seed is samples/poa-2021-secretaria-particular.txt.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {path}: {e.Message}");
            error.WriteLine("hint: check that the file exists, is readable and is not a folder.");
        }
        return null;
    }
}
