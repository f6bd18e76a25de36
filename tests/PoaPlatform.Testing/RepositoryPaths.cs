namespace PoaPlatform.Testing;

/// <summary>Where things are in the repository the tests were built from.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding PoaPlatform.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the running tests were built in, which the server was built in too.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built server, as `dotnet run` would start it.</summary>
    public static string ServerAssembly => Path.Combine(Root, "src", "PoaPlatform.Server", "bin", Configuration, "net10.0", "PoaPlatform.Server.dll");

    /// <summary>The built `poa` command.</summary>
    public static string CliAssembly => Path.Combine(Root, "src", "PoaPlatform.Cli", "bin", Configuration, "net10.0", "poa.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PoaPlatform.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No PoaPlatform.sln above {AppContext.BaseDirectory}; run the tests from a clone of the repository.");
    }
}
