using System.CommandLine;
using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Cli.Commands;

/// <summary>The POA file argument shared by commands, and the one way they report a file that cannot be read.</summary>
internal static class PoaInput
{
    /// <summary>Exit code for input that cannot be read; 1 is left for findings under --strict and usage errors.</summary>
    public const int UnreadableExitCode = 2;

    public static Argument<string> FileArgument() => new("file")
    {
        Description = "The POA as tab-separated text (the seed layout), UTF-8 with or without BOM.",
    };

    /// <summary>Reads the file, or prints one error line and a hint to stderr and returns null.</summary>
    public static PoaDocument? TryRead(string path, TextWriter error)
    {
        try
        {
            return PoaReader.ReadFile(path);
        }
        catch (PoaFormatException e)
        {
            error.WriteLine($"error: {path}:{e.Message}");
            error.WriteLine($"hint: open the file at line {e.Line} and fix cell {e.Column} (cells are tab-separated), then run `poa validate` again.");
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
