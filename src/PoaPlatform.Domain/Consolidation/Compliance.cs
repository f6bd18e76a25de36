using PoaPlatform.Domain.Model;

namespace PoaPlatform.Domain.Consolidation;

/// <summary>Cumplimiento: cumulative achieved over cumulative programmed, with its semáforo. For a descending indicator
/// (less is better) it is 2 − achieved/programmed, as the federal performance system computes it; for a constant one,
/// 1 − |achieved/programmed − 1| (any deviation counts against it). A ratio of 1 is on target in every direction.</summary>
public sealed record Compliance(decimal Programmed, decimal Achieved, decimal? Ratio, TrafficLight Light)
{
    public static Compliance Of(decimal programmed, decimal achieved, TrafficLightThresholds thresholds,
        IndicatorDirection direction = IndicatorDirection.Ascendente)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (programmed == 0)
        {
            // Nothing programmed: nothing to judge when nothing happened; something achieved is fine when more is
            // better, and off target otherwise.
            var light = achieved == 0 ? TrafficLight.None
                : direction == IndicatorDirection.Ascendente ? thresholds.Classify(1m) : TrafficLight.Red;
            return new Compliance(0, achieved, null, light);
        }
        var ratio = achieved / programmed;
        var judged = direction switch
        {
            IndicatorDirection.Descendente => 2 - ratio,
            IndicatorDirection.Constante => 1 - Math.Abs(ratio - 1),
            _ => ratio,
        };
        return new Compliance(programmed, achieved, judged, thresholds.Classify(judged));
    }

    /// <summary>Compliance up to and including <paramref name="month"/>.</summary>
    public static Compliance UpTo(MonthlyValues programmed, MonthlyValues achieved, int month, TrafficLightThresholds thresholds) =>
        Of(programmed.CumulativeTo(month), achieved.CumulativeTo(month), thresholds);

    /// <summary>Compliance of an indicator up to <paramref name="month"/>, as its sheet says it is judged: at the end of
    /// its last complete period (a quarterly one at MAR, JUN, SEP, DIC) and in its direction. Before its first period
    /// ends there is nothing to judge (no light).</summary>
    public static (int JudgedMonth, Compliance Compliance) Judged(MonthlyValues programmed, MonthlyValues achieved, int month,
        TrafficLightThresholds thresholds, IndicatorSheet? sheet)
    {
        ArgumentNullException.ThrowIfNull(programmed);
        ArgumentNullException.ThrowIfNull(achieved);
        var judged = IndicatorSheet.JudgedMonth(sheet?.FrequencyOrDefault ?? IndicatorFrequency.Mensual, month);
        if (judged == 0)
            return (month, new Compliance(programmed.CumulativeTo(month), achieved.CumulativeTo(month), null, TrafficLight.None));
        return (judged, Of(programmed.CumulativeTo(judged), achieved.CumulativeTo(judged), thresholds, sheet?.DirectionOrDefault ?? IndicatorDirection.Ascendente));
    }
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
