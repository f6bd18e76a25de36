using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Testing;

namespace PoaPlatform.Grains.Tests.Infrastructure;

/// <summary>A fresh POA of 2021 per test, so tests never see each other's data, with its months open as a planner
/// would set them for a late capture (<see cref="TestCalendar"/>), or with the cut-offs a test gives.</summary>
internal static class TestPoas
{
    private static readonly Editor s_planner = new("paula", "");

    public static async Task<string> NewAsync(IGrainFactory grains, string prefix = "test", IReadOnlyList<DateOnly>? cutOffs = null)
    {
        var poa = PoaKeys.Poa($"{prefix}-{Guid.NewGuid():N}", 2021);
        var calendar = await grains.GetGrain<IPoaGrain>(poa).SetCalendarAsync(cutOffs ?? TestCalendar.OpenCutOffs(), null, new CommandContext(s_planner));
        Assert.True(calendar.Succeeded, calendar.Error?.Message);
        return poa;
    }
}
