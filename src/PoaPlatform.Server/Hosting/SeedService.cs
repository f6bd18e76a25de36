using Microsoft.Extensions.Options;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Domain.Import;
using PoaPlatform.Grains.Import;

namespace PoaPlatform.Server.Hosting;

/// <summary>Imports the configured POA on the first start: when its year's consolidation has no action yet.</summary>
/// <remarks>Importing is idempotent, so a start that dies half-way simply imports again on the next start.</remarks>
internal sealed class SeedService(IOptions<SeedOptions> options, PoaImporter importer, IGrainFactory grains, ILogger<SeedService> logger) : IHostedService
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
        var poaKey = PoaKeys.Poa(seed.Municipality, document.Year);
        var existing = await grains.GetGrain<IPoaGrain>(poaKey).GetTotalsAsync();
        if (existing.Actions > 0)
        {
            logger.LogInformation("POA {Poa} already has {Actions} actions; the seed is not imported again.", poaKey, existing.Actions);
            return;
        }

        logger.LogInformation("First start: importing {Path} as {Poa}.", path, poaKey);
        var result = await importer.ImportAsync(seed.Municipality, document, new Editor("seed", ""), cancellationToken: cancellationToken);
        logger.LogInformation("Imported {Actions} actions into {Poa} with {Findings} findings.", result.ImportedActions, poaKey, document.Findings.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
