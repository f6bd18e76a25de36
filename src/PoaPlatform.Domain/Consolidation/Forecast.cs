using System.Globalization;

namespace PoaPlatform.Domain.Consolidation;

/// <summary>Pronóstico: the year-end compliance projected from the months reported so far (docs/decisions/0013).</summary>
/// <remarks>For one action: run rate = cumulative achieved / cumulative programmed over the months reported; projected
/// achieved = achieved in those months + run rate × programmed in the months left; projected compliance = projected
/// achieved / annual programmed, judged by the same <see cref="Compliance"/> and thresholds as every compliance. A
/// department and the city add their actions' projections (<see cref="Combine"/>), so each action's rate applies to
/// its own months left. The function takes months' programmed and achieved figures only, whatever makes them.</remarks>
/// <param name="MonthsReported">Months 1..n counted as reported (0..12); their figures are final.</param>
/// <param name="RunRate">Achieved / programmed over the months reported; null when nothing was programmed in them.</param>
/// <param name="ProjectedAchieved">Null when there is no projection (<see cref="HasProjection"/>).</param>
/// <param name="Projected">The projected year-end compliance and its light; null when there is no projection.</param>
/// <param name="PartsOnPlan">The actions with nothing programmed in the months reported, whose months left are assumed
/// met as programmed (1 for such an action itself).</param>
public sealed record Forecast(
    ForecastBasis Basis,
    int MonthsReported,
    decimal ProgrammedToDate,
    decimal AchievedToDate,
    decimal ProgrammedLeft,
    decimal? RunRate,
    decimal? ProjectedAchieved,
    Compliance? Projected,
    int PartsOnPlan = 0)
{
    public decimal AnnualProgrammed => ProgrammedToDate + ProgrammedLeft;

    public bool HasProjection => Projected is not null;

    /// <summary>The forecast of one action (or of anything with one set of months) after <paramref name="monthsReported"/> months.</summary>
    public static Forecast Of(MonthlyValues programmed, MonthlyValues achieved, int monthsReported, TrafficLightThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(programmed);
        ArgumentNullException.ThrowIfNull(achieved);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentOutOfRangeException.ThrowIfNegative(monthsReported);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(monthsReported, 12);
        var programmedToDate = monthsReported == 0 ? 0 : programmed.CumulativeTo(monthsReported);
        var achievedToDate = monthsReported == 0 ? 0 : achieved.CumulativeTo(monthsReported);
        var left = programmed.Total - programmedToDate;
        if (monthsReported == 0)
            return new Forecast(ForecastBasis.NoMonthsReported, 0, 0, 0, left, null, null, null);
        if (programmed.Total == 0)
            return new Forecast(ForecastBasis.NothingProgrammed, monthsReported, 0, achievedToDate, 0, null, null, null);
        if (programmedToDate == 0)
        {
            // Nothing was due yet: no rate to extrapolate, so the months left are taken as programmed.
            var onPlan = achievedToDate + left;
            return new Forecast(ForecastBasis.Plan, monthsReported, 0, achievedToDate, left, null, onPlan,
                Compliance.Of(programmed.Total, onPlan, thresholds), PartsOnPlan: 1);
        }
        var rate = achievedToDate / programmedToDate;
        var basis = monthsReported == 12 ? ForecastBasis.Final : ForecastBasis.RunRate;
        // A rate of many orders of magnitude (a tiny target far exceeded) can project more than a decimal holds; the
        // projected compliance is then the rate itself (what the formula reduces to for one action), without a quantity.
        return Checked(() => achievedToDate + rate * left) is { } projected
            ? new Forecast(basis, monthsReported, programmedToDate, achievedToDate, left, rate, projected, Compliance.Of(programmed.Total, projected, thresholds))
            : new Forecast(basis, monthsReported, programmedToDate, achievedToDate, left, rate, null,
                new Compliance(programmed.Total, achievedToDate, rate, thresholds.Classify(rate)));
    }

    /// <summary>A department's or the city's forecast: the sums of its actions' forecasts, all taken after the same months.</summary>
    public static Forecast Combine(IEnumerable<Forecast> parts, int monthsReported, TrafficLightThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(thresholds);
        decimal programmedToDate = 0, achievedToDate = 0, left = 0;
        decimal? projected = 0;
        var onPlan = 0;
        foreach (var part in parts)
        {
            if (part.MonthsReported != monthsReported)
                throw new ArgumentException("Forecasts combine only when taken after the same months.", nameof(parts));
            programmedToDate += part.ProgrammedToDate;
            achievedToDate += part.AchievedToDate;
            left += part.ProgrammedLeft;
            if (projected is { } sum)
                projected = part.Projected is not null && part.ProjectedAchieved is null ? null : Checked(() => sum + (part.ProjectedAchieved ?? part.AchievedToDate));
            onPlan += part.PartsOnPlan;
        }
        var annual = programmedToDate + left;
        if (monthsReported == 0)
            return new Forecast(ForecastBasis.NoMonthsReported, 0, 0, 0, left, null, null, null);
        if (annual == 0)
            return new Forecast(ForecastBasis.NothingProgrammed, monthsReported, 0, achievedToDate, 0, null, null, null);
        var basis = monthsReported == 12 ? ForecastBasis.Final : programmedToDate == 0 ? ForecastBasis.Plan : ForecastBasis.RunRate;
        if (projected is not { } total)
        {
            // A part projected beyond what a decimal holds: far beyond any threshold, so red, without a ratio.
            return new Forecast(basis, monthsReported, programmedToDate, achievedToDate, left, null, null,
                new Compliance(annual, achievedToDate, null, TrafficLight.Red), onPlan);
        }
        // The rate the parts imply for the months left as a whole (each part applied its own).
        decimal? rate = left == 0 ? (programmedToDate == 0 ? null : achievedToDate / programmedToDate) : (total - achievedToDate) / left;
        return new Forecast(basis, monthsReported, programmedToDate, achievedToDate, left, rate, total,
            Compliance.Of(annual, total, thresholds), onPlan);
    }

    private static decimal? Checked(Func<decimal> compute)
    {
        try
        {
            return compute();
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Inversión en riesgo: the investment times how far the projected compliance ends from 100 % (at most the
    /// whole investment). Short of the target it is the share of the money whose programmed result is not projected to
    /// be delivered; beyond it, the share by which the programming missed. Zero without a projection.</summary>
    public decimal InvestmentAtRisk(decimal investment)
    {
        if (Projected is null)
            return 0;
        if (Projected.Ratio is not { } ratio)
            return Projected.Light == TrafficLight.Red ? investment : 0;
        var distance = Math.Min(1m, Math.Abs(1m - ratio));
        return Math.Round(investment * distance, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>The method in words, in the language asked for.</summary>
    public static string Method(FindingLanguage language) => language == FindingLanguage.Spanish
        ? "Ritmo de avance: por acción, lo alcanzado acumulado entre lo programado acumulado en los meses reportados; " +
          "ese ritmo se aplica a lo programado en los meses que faltan. Cumplimiento proyectado = (alcanzado a la fecha + " +
          "ritmo × programado restante) / programado anual. La secretaría y el municipio suman las proyecciones de sus acciones."
        : "Run rate: per action, cumulative achieved over cumulative programmed in the months reported; that rate is applied " +
          "to what is programmed in the months left. Projected compliance = (achieved to date + rate × programmed left) / " +
          "annual programmed. A department and the city add up their actions' projections.";

    /// <summary>What the figure assumes, in the language asked for.</summary>
    public IReadOnlyList<string> Assumptions(FindingLanguage language)
    {
        var es = language == FindingLanguage.Spanish;
        var months = MonthsReported == 0 ? "" : $"{Model.Month.Name(1)}–{Model.Month.Name(MonthsReported)}";
        var list = new List<string>();
        switch (Basis)
        {
            case ForecastBasis.NoMonthsReported:
                list.Add(es ? "Sin proyección: ningún mes ha cerrado todavía (ninguna fecha de corte ha pasado)."
                            : "No projection: no month has closed yet (no cut-off date has passed).");
                return list;
            case ForecastBasis.NothingProgrammed:
                list.Add(es ? "Sin proyección: no hay nada programado en el año." : "No projection: nothing is programmed in the year.");
                return list;
            case ForecastBasis.Final:
                list.Add(es ? "Los doce meses están reportados: es el cumplimiento del año, sin proyección."
                            : "All twelve months are reported: this is the year's compliance, not a projection.");
                return list;
            case ForecastBasis.Plan:
                list.Add(es ? $"Nada programado en los meses reportados ({months}): se supone que lo programado en los meses restantes se cumple."
                            : $"Nothing programmed in the months reported ({months}): what is programmed in the months left is assumed met.");
                break;
            default:
                list.Add(es ? $"Meses reportados: {months} ({MonthsReported}); sus avances se toman como definitivos."
                            : $"Months reported: {months} ({MonthsReported}); their progress is taken as final.");
                list.Add(es ? $"El ritmo de {Percent(RunRate)} se mantiene en los {12 - MonthsReported} meses restantes, sobre lo programado en ellos."
                            : $"The run rate of {Percent(RunRate)} holds over the {12 - MonthsReported} months left, on what is programmed in them.");
                break;
        }
        if (PartsOnPlan > 0 && Basis != ForecastBasis.Plan)
            list.Add(es ? $"{PartsOnPlan} acción(es) sin nada programado en los meses reportados: sus meses restantes se suponen cumplidos según lo programado."
                        : $"{PartsOnPlan} action(s) with nothing programmed in the months reported: their months left are assumed met as programmed.");
        list.Add(es ? "Los avances capturados en meses aún abiertos no cuentan: la proyección los sustituye."
                    : "Progress captured for months still open does not count: the projection stands in for it.");
        list.Add(es ? "Sin tope: rebasar la meta también aleja del verde, con los mismos umbrales del semáforo."
                    : "No cap: exceeding the target also moves away from green, with the traffic light's thresholds.");
        return list;
    }

    private static string Percent(decimal? ratio) =>
        ratio is { } r ? (r * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %" : "—";
}

/// <summary>How a forecast was reached.</summary>
public enum ForecastBasis
{
    /// <summary>The run rate of the months reported, applied to the months left.</summary>
    RunRate,

    /// <summary>Nothing was programmed in the months reported: the months left are assumed met as programmed.</summary>
    Plan,

    /// <summary>Every month is reported: the year's compliance itself.</summary>
    Final,

    /// <summary>No month has closed yet: no projection.</summary>
    NoMonthsReported,

    /// <summary>Nothing is programmed in the year: no projection.</summary>
    NothingProgrammed,
}
