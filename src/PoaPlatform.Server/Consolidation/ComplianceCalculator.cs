using Microsoft.Extensions.Options;
using PoaPlatform.Domain.Consolidation;

namespace PoaPlatform.Server.Consolidation;

/// <summary>Compliance up to a month, with the configured thresholds and "this month" from the clock.</summary>
public sealed class ComplianceCalculator(IOptions<ComplianceOptions> options, TimeProvider clock)
{
    private readonly TrafficLightThresholds _thresholds = options.Value.ToThresholds();

    /// <summary>The month a compliance is measured to when none is asked: this month in the current year, December
    /// for a past year, and also December for a future one (whose compliance only makes sense as a plan).</summary>
    public int DefaultMonth(int year)
    {
        var today = clock.GetLocalNow();
        return year == today.Year ? today.Month : 12;
    }

    public MonthCompliance Of(int year, int? upToMonth, MonthlyValues programmed, MonthlyValues achieved)
    {
        var month = Months.Checked(upToMonth ?? DefaultMonth(year));
        return new MonthCompliance(month, Compliance.UpTo(programmed, achieved, month, _thresholds));
    }

    /// <summary>The compliance of an indicator as its sheet says it is judged: in its direction, at the end of its last
    /// complete period up to the month (see <see cref="Compliance.Judged"/>).</summary>
    public MonthCompliance Of(int year, int? upToMonth, MonthlyValues programmed, MonthlyValues achieved, IndicatorSheet? sheet)
    {
        if (sheet is null)
            return Of(year, upToMonth, programmed, achieved);
        var month = Months.Checked(upToMonth ?? DefaultMonth(year));
        var (judged, compliance) = Compliance.Judged(programmed, achieved, month, _thresholds, sheet);
        return new MonthCompliance(month, compliance, judged);
    }
}

/// <summary>A compliance and the month it is measured to; <paramref name="JudgedMonth"/> is the end of the indicator's
/// last complete period (the month itself for a monthly one).</summary>
public sealed record MonthCompliance(int UpToMonth, Compliance Compliance, int? JudgedMonth = null)
{
    public int JudgedAt => JudgedMonth ?? UpToMonth;
}
