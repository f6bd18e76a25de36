namespace PoaPlatform.Testing;

/// <summary>The seed POA, copied next to the test assemblies (samples/), so tests never reach outside the clone.</summary>
public static class Samples
{
    public const string SeedFileName = "poa-2021-secretaria-particular.txt";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "samples");

    public static string SeedPath => Path.Combine(Folder, SeedFileName);

    public static string SeedText => File.ReadAllText(SeedPath);

    /// <summary>The seed with LF line ends, split into lines (index 0 is line 1).</summary>
    public static string[] SeedLines => SeedText.ReplaceLineEndings("\n").Split('\n');

    /// <summary>A temporary copy of some text as a file, deleted when disposed.</summary>
    public static TempFile WriteTemp(string text, string extension = ".txt") => new(text, extension);
}

public sealed class TempFile : IDisposable
{
    internal TempFile(string text, string extension)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"poa-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(Path, text);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
