using Xunit;

namespace PoaPlatform.Testing;

/// <summary>Waits for something another thread or process does in its own time.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="done"/> every 100 ms for up to 10 s, and fails when it never held.</summary>
    public static async Task TrueAsync(Func<bool> done)
    {
        for (var i = 0; i < 100 && !done(); i++)
            await Task.Delay(100);
        Assert.True(done());
    }
}
