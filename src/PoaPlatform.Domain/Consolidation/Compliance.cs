namespace PoaPlatform.Domain.Consolidation;

/// <summary>Cumplimiento: cumulative achieved over cumulative programmed, with its semáforo.</summary>
public sealed record Compliance(decimal Programmed, decimal Achieved, decimal? Ratio, TrafficLight Light)
{
    public static Compliance Of(decimal programmed, decimal achieved, TrafficLightThresholds thresholds)
    {
        if (programmed == 0)
            return new Compliance(0, achieved, null, achieved == 0 ? TrafficLight.None : thresholds.Classify(1m));
        var ratio = achieved / programmed;
        return new Compliance(programmed, achieved, ratio, thresholds.Classify(ratio));
    }

    /// <summary>Compliance up to and including <paramref name="month"/>.</summary>
    public static Compliance UpTo(MonthlyValues programmed, MonthlyValues achieved, int month, TrafficLightThresholds thresholds) =>
        Of(programmed.CumulativeTo(month), achieved.CumulativeTo(month), thresholds);
}

/// <summary>The semáforo of compliance. None when nothing was programmed nor achieved.</summary>
public enum TrafficLight
{
    None,
    Green,
    Yellow,
    Red,
}

/// <summary>Green between GreenMin and GreenMax, yellow down to YellowMin and up to YellowMax, red beyond.</summary>
public sealed record TrafficLightThresholds(decimal GreenMin = 0.90m, decimal GreenMax = 1.10m, decimal YellowMin = 0.70m, decimal YellowMax = 1.30m)
{
    public static readonly TrafficLightThresholds Default = new();

    public TrafficLight Classify(decimal ratio) => ratio switch
    {
        _ when ratio >= GreenMin && ratio <= GreenMax => TrafficLight.Green,
        _ when ratio >= YellowMin && ratio <= YellowMax => TrafficLight.Yellow,
        _ => TrafficLight.Red,
    };
}
