using Microsoft.Extensions.Options;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Auth.Accounts;
using PoaPlatform.Domain.Import;
using PoaPlatform.Grains.Import;
using PoaPlatform.Server.Auth;

namespace PoaPlatform.Server.Hosting;

/// <summary>The embedded default's first start: the seed's municipality and year exist, the POA is imported when its
/// year is still empty, and an empty database gets its first admin, whose one-time password goes to the log once.</summary>
/// <remarks>Every step is idempotent, so a start that dies half-way simply does the rest on the next start.</remarks>
internal sealed partial class SeedService(IOptions<SeedOptions> options, IOptions<AuthOptions> auth, PoaImporter importer, IGrainFactory grains,
    AccountService accounts, PoaDirectory directory, TimeProvider clock, ILogger<SeedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value;
        if (!seed.Enabled)
            return;
        var path = Path.IsPathRooted(seed.File) ? seed.File : Path.Combine(AppContext.BaseDirectory, seed.File);
        if (!File.Exists(path))
        {
            logger.LogWarning("Seed file {Path} not found; starting without data. Set Seed:File, or Seed:Enabled=false to silence this.", path);
            return;
        }

        var document = PoaReader.ReadFile(path);
        var municipality = Slugs.From(seed.Municipality);
        var now = clock.GetUtcNow();
        if (await accounts.Municipalities.AddAsync(municipality, seed.MunicipalityName, seed.State, seed.InegiCode, now, cancellationToken))
            logger.LogInformation("First start: municipality {Municipality} added.", municipality);
        if (await accounts.Municipalities.OpenYearAsync(municipality, document.Year, "seed", now, cancellationToken))
            logger.LogInformation("First start: year {Year} of {Municipality} opened.", document.Year, municipality);
        await directory.RefreshAsync(cancellationToken);

        if (await accounts.BootstrapAsync(municipality, auth.Value.BootstrapAdminEmail, cancellationToken) is { } admin)
            LogBootstrapAdmin(logger, admin.User.Email, municipality, admin.Password);

        var poaKey = PoaKeys.Poa(municipality, document.Year);
        var existing = await grains.Grain<IPoaGrain>(poaKey).GetTotalsAsync();
        if (existing.Actions > 0)
        {
            logger.LogInformation("POA {Poa} already has {Actions} actions; the seed is not imported again.", poaKey, existing.Actions);
            return;
        }

        logger.LogInformation("First start: importing {Path} as {Poa}.", path, poaKey);
        var result = await importer.ImportAsync(municipality, document, new Editor("seed", ""), cancellationToken: cancellationToken);
        logger.LogInformation("Imported {Actions} actions into {Poa} with {Findings} findings.", result.ImportedActions, poaKey, document.Findings.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Primer inicio: cuenta de administración {Email} ({Municipality}) con contraseña de un solo uso {Password} — entra en /entrar y cámbiala; no se vuelve a mostrar.")]
    private static partial void LogBootstrapAdmin(ILogger logger, string email, string municipality, string password);
}
