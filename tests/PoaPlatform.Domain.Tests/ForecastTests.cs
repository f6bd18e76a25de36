using PoaPlatform.Domain.Consolidation;

namespace PoaPlatform.Domain.Tests;

/// <summary>The forecast's arithmetic on a case computed by hand: three actions of one department after three months
/// reported (ENE–MAR), thresholds green 90–110 %, yellow 70–130 %.</summary>
public class ForecastTests
{
    private static readonly TrafficLightThresholds s_lights = TrafficLightThresholds.Default;

    private static MonthlyValues Months(params decimal[] values) => new(values);

    private static MonthlyValues Each(decimal value) => new(Enumerable.Repeat(value, 12));

    // A: programmed 10 every month (120 in the year); achieved 8, 6, 10 in ENE–MAR, and 50 in ABR (still open).
    private static readonly (MonthlyValues Programmed, MonthlyValues Achieved) s_a = (Each(10), Months(8, 6, 10, 50, 0, 0, 0, 0, 0, 0, 0, 0));

    // B: nothing programmed in ENE–MAR, 20 in each of ABR–DIC (180); nothing achieved.
    private static readonly (MonthlyValues Programmed, MonthlyValues Achieved) s_b = (Months(0, 0, 0, 20, 20, 20, 20, 20, 20, 20, 20, 20), Each(0));

    // C: programmed 5 every month (60); achieved 1 in each of ENE–MAR.
    private static readonly (MonthlyValues Programmed, MonthlyValues Achieved) s_c = (Each(5), Months(1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0));

    [Fact]
    public void AnActionIsProjectedByItsRunRateOverTheMonthsLeft()
    {
        var a = Forecast.Of(s_a.Programmed, s_a.Achieved, 3, s_lights);

        // To date: programmed 10 + 10 + 10 = 30, achieved 8 + 6 + 10 = 24 (ABR's 50 is not final yet and does not count).
        Assert.Equal(ForecastBasis.RunRate, a.Basis);
        Assert.Equal(30m, a.ProgrammedToDate);
        Assert.Equal(24m, a.AchievedToDate);
        // Run rate 24 / 30 = 0.8; months left ABR–DIC programme 9 × 10 = 90; projected 24 + 0.8 × 90 = 96.
        Assert.Equal(0.8m, a.RunRate);
        Assert.Equal(90m, a.ProgrammedLeft);
        Assert.Equal(96m, a.ProjectedAchieved);
        // Projected compliance 96 / 120 = 0.8: yellow (70–90 %).
        Assert.Equal(120m, a.AnnualProgrammed);
        Assert.Equal(0.8m, a.Projected!.Ratio);
        Assert.Equal(TrafficLight.Yellow, a.Projected.Light);
        // Investment at risk of $100,000.00: 100,000 × (1 − 0.8) = 20,000.
        Assert.Equal(20_000m, a.InvestmentAtRisk(100_000m));
    }

    [Fact]
    public void AnActionWithNothingDueYetIsTakenAsProgrammed()
    {
        var b = Forecast.Of(s_b.Programmed, s_b.Achieved, 3, s_lights);

        // Nothing programmed in ENE–MAR: no rate; the 180 left are assumed met: 0 + 180 = 180 of 180 = 100 %, green.
        Assert.Equal(ForecastBasis.Plan, b.Basis);
        Assert.Null(b.RunRate);
        Assert.Equal(180m, b.ProjectedAchieved);
        Assert.Equal(1m, b.Projected!.Ratio);
        Assert.Equal(TrafficLight.Green, b.Projected.Light);
        Assert.Equal(0m, b.InvestmentAtRisk(50_000m));
        Assert.Contains(b.Assumptions(FindingLanguage.Spanish), s => s.Contains("se supone que lo programado en los meses restantes se cumple", StringComparison.Ordinal));
    }

    [Fact]
    public void AnActionFarBehindIsProjectedRedWithMostOfItsInvestmentAtRisk()
    {
        var c = Forecast.Of(s_c.Programmed, s_c.Achieved, 3, s_lights);

        // Rate 3 / 15 = 0.2; projected 3 + 0.2 × 45 = 12 of 60 = 20 %: red. At risk: 100,000 × (1 − 0.2) = 80,000.
        Assert.Equal(0.2m, c.RunRate);
        Assert.Equal(12m, c.ProjectedAchieved);
        Assert.Equal(0.2m, c.Projected!.Ratio);
        Assert.Equal(TrafficLight.Red, c.Projected.Light);
        Assert.Equal(80_000m, c.InvestmentAtRisk(100_000m));
    }

    [Fact]
    public void ADepartmentAddsItsActionsProjectionsInsteadOfExtrapolatingItsOwnTotals()
    {
        var parts = new[] { s_a, s_b, s_c }.Select(p => Forecast.Of(p.Programmed, p.Achieved, 3, s_lights));
        var department = Forecast.Combine(parts, 3, s_lights);

        // Projected 96 + 180 + 12 = 288 of 120 + 180 + 60 = 360: 80 %, yellow.
        Assert.Equal(288m, department.ProjectedAchieved);
        Assert.Equal(360m, department.AnnualProgrammed);
        Assert.Equal(0.8m, department.Projected!.Ratio);
        Assert.Equal(TrafficLight.Yellow, department.Projected.Light);
        // Its own totals to date, 24 + 0 + 3 = 27 of 30 + 0 + 15 = 45 (60 %, red), would have projected 60 %.
        Assert.Equal(27m, department.AchievedToDate);
        Assert.Equal(45m, department.ProgrammedToDate);
        // The rate the parts imply for the 90 + 180 + 45 = 315 left: (288 − 27) / 315.
        Assert.Equal((288m - 27m) / 315m, department.RunRate);
        Assert.Equal(1, department.PartsOnPlan);
    }

    [Fact]
    public void OverAchievementIsNotCappedAndTurnsRedLikeCompliance()
    {
        // Programmed 10 a month, achieved 15 in ENE–FEB: rate 1.5, projected 30 + 1.5 × 100 = 180 of 120 = 150 %: red
        // (beyond the 130 % of yellow), as compliance judges it; at risk the whole distance, capped at the investment.
        var over = Forecast.Of(Each(10), Months(15, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 2, s_lights);
        Assert.Equal(180m, over.ProjectedAchieved);
        Assert.Equal(1.5m, over.Projected!.Ratio);
        Assert.Equal(TrafficLight.Red, over.Projected.Light);
        Assert.Equal(50m, over.InvestmentAtRisk(100m));
        Assert.Equal(100m, Forecast.Of(Each(10), Months(40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 1, s_lights).InvestmentAtRisk(100m));
    }

    [Fact]
    public void WithoutAClosedMonthThereIsNoProjectionAndItSaysWhy()
    {
        var none = Forecast.Of(s_a.Programmed, s_a.Achieved, 0, s_lights);
        Assert.Equal(ForecastBasis.NoMonthsReported, none.Basis);
        Assert.Null(none.Projected);
        Assert.Equal(0m, none.InvestmentAtRisk(100m));
        Assert.Equal(["Sin proyección: ningún mes ha cerrado todavía (ninguna fecha de corte ha pasado)."], none.Assumptions(FindingLanguage.Spanish));
        Assert.Equal(ForecastBasis.NothingProgrammed, Forecast.Of(Each(0), Each(0), 3, s_lights).Basis);
    }

    [Fact]
    public void WithEveryMonthReportedTheForecastIsTheYearsCompliance()
    {
        var year = Forecast.Of(s_a.Programmed, s_a.Achieved, 12, s_lights);
        // 8 + 6 + 10 + 50 = 74 of 120, exactly Compliance.UpTo(..., 12).
        Assert.Equal(ForecastBasis.Final, year.Basis);
        Assert.Equal(74m, year.ProjectedAchieved);
        Assert.Equal(Compliance.UpTo(s_a.Programmed, s_a.Achieved, 12, s_lights), year.Projected);
    }

    [Fact]
    public void ARateBeyondWhatADecimalHoldsIsRedWithoutOverflowing()
    {
        // 10¹⁴ achieved against 0.0001 programmed in ENE (a rate of 10¹⁸), 10¹⁴ programmed in FEB–DIC: the projected
        // quantity does not fit a decimal; the action's projection is its rate, red, and its department's is red.
        var programmed = Months(0.0001m, 1e13m, 1e13m, 1e13m, 1e13m, 1e13m, 1e13m, 1e13m, 1e13m, 1e13m, 1e13m, 1e13m);
        var achieved = Months(1e14m, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        var action = Forecast.Of(programmed, achieved, 1, s_lights);
        Assert.Null(action.ProjectedAchieved);
        Assert.Equal(1e18m, action.Projected!.Ratio);
        Assert.Equal(TrafficLight.Red, action.Projected.Light);
        var department = Forecast.Combine([action, Forecast.Of(Each(10), Each(10), 1, s_lights)], 1, s_lights);
        Assert.Equal(TrafficLight.Red, department.Projected!.Light);
        Assert.Equal(100m, action.InvestmentAtRisk(100m));
    }
}
