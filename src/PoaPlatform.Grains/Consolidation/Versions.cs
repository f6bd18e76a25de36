namespace PoaPlatform.Grains.Consolidation;

/// <summary>Versions of roll-ups, which are rebuilt in memory rather than stored: they must keep growing across
/// activations, so they follow the clock and never repeat within one activation.</summary>
internal static class Versions
{
    public static long Next(long previous, TimeProvider clock) => Math.Max(previous + 1, clock.GetUtcNow().UtcTicks);
}
