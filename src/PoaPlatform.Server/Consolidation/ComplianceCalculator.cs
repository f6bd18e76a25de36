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
        var month = upToMonth ?? DefaultMonth(year);
        if (!Month.IsValid(month))
            throw GraphQL.PoaErrors.Of(Abstractions.Editing.ErrorCodes.Validation, "upToMonth is a month, 1 (ENE) to 12 (DIC).");
        return new MonthCompliance(month, Compliance.UpTo(programmed, achieved, month, _thresholds));
    }
}

/// <summary>A compliance and the month it is measured to.</summary>
public sealed record MonthCompliance(int UpToMonth, Compliance Compliance);
