namespace PoaPlatform.Server.Hosting;

/// <summary>The host's content root (appsettings*.json, wwwroot/dist) is the folder of PoaPlatform.Server.dll, not the
/// working directory: <c>dotnet /opt/poa/PoaPlatform.Server.dll</c> started from anywhere finds its settings and pages.
/// <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> still choose another folder (the test host names the project's).</summary>
public static class ContentRoot
{
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = IsChosen(args) ? null : AppContext.BaseDirectory,
    };

    private static bool IsChosen(string[] args) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT")) ||
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT")) ||
        args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase));
}
