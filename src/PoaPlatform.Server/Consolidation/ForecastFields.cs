using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Domain.Consolidation;
using PoaPlatform.Server.Actions;
using PoaPlatform.Server.Cycle;
using PoaPlatform.Server.Departments;
using PoaPlatform.Server.GraphQL;
using PoaPlatform.Server.Poas;

namespace PoaPlatform.Server.Consolidation;

/// <summary>A forecast (pronóstico) and the investment at risk it implies (for a department or the city, the sum of
/// its actions').</summary>
public sealed record ForecastNode(Forecast Forecast, decimal InvestmentAtRisk);

/// <summary>An action whose forecast ends red.</summary>
public sealed record EarlyWarningNode(ActionNode Action, ForecastNode Forecast);

/// <summary>The <c>forecast</c> field of the POA, a department and an action, and <c>earlyWarnings</c> of the first two
/// (docs/decisions/0013). Everything comes from the department views a request already shares, and the POA's calendar.</summary>
public static class ForecastFields
{
    private const string UpToMonthDescription =
        "The last month counted as reported (1..12). By default the months whose cut-off date passed (Mexico City), from ENE on.";

    public static void AddTo(ObjectGraphType<PoaNode> poa)
    {
        poa.Field<NonNullGraphType<ForecastType>>("forecast")
            .Description("The city's year-end compliance projected from the months reported: the sum of every action's projection.")
            .Argument<IntGraphType>("upToMonth", a => a.Description = UpToMonthDescription)
            .ResolveAsync(async c => Combined(await ProjectAsync(c, c.Source.Key, c.Source.Summary.Departments.Select(d => d.Key)), c));
        AddEarlyWarnings(poa, c => c.Source.Key, c => c.Source.Summary.Departments.Select(d => d.Key));
    }

    public static void AddTo(ObjectGraphType<DepartmentNode> department)
    {
        department.Field<NonNullGraphType<ForecastType>>("forecast")
            .Description("The department's year-end compliance projected from the months reported: the sum of its actions' projections.")
            .Argument<IntGraphType>("upToMonth", a => a.Description = UpToMonthDescription)
            .ResolveAsync(async c => Combined(await ProjectAsync(c, PoaKeys.Parent(c.Source.Key), [c.Source.Key]), c));
        AddEarlyWarnings(department, c => PoaKeys.Parent(c.Source.Key), c => [c.Source.Key]);
    }

    public static void AddTo(ObjectGraphType<ActionNode> action) =>
        action.Field<NonNullGraphType<ForecastType>>("forecast")
            .Description("The action's year-end compliance projected from the months reported, by its run rate.")
            .Argument<IntGraphType>("upToMonth", a => a.Description = UpToMonthDescription)
            .ResolveAsync(async c =>
            {
                // From the summary a list already holds; otherwise from its department's view (shared by the request).
                var departmentKey = PoaKeys.Parent(c.Source.Key);
                var summary = c.Source.Summary
                    ?? (await c.RequestServices!.GetRequiredService<DepartmentViewLoader>().LoadAsync(departmentKey)).Actions
                        .FirstOrDefault(a => a.Key == c.Source.Key && !a.Deleted)
                    ?? throw PoaErrors.Of(Abstractions.Editing.ErrorCodes.NotFound, $"The action {c.Source.Key} does not exist.");
                var months = await MonthsReportedAsync(c, PoaKeys.Parent(departmentKey));
                return Of(summary, months, c.RequestServices!.GetRequiredService<TrafficLightThresholds>());
            });

    private static void AddEarlyWarnings<TSource>(ObjectGraphType<TSource> type, Func<IResolveFieldContext<TSource>, string> poaKeyOf,
        Func<IResolveFieldContext<TSource>, IEnumerable<string>> departmentKeysOf) =>
        type.Field<NonNullGraphType<EarlyWarningConnectionType>>("earlyWarnings")
            .Description("Alerta temprana: the actions whose forecast ends RED, the largest investment at risk first (then by key).")
            .Argument<IntGraphType>("upToMonth", a => a.Description = UpToMonthDescription)
            .WithPaging()
            .ResolveAsync(async c =>
            {
                var projected = await ProjectAsync(c, poaKeyOf(c), departmentKeysOf(c));
                var red = projected.Actions
                    .Where(a => a.Forecast.Forecast.Projected?.Light == TrafficLight.Red)
                    .OrderByDescending(a => a.Forecast.InvestmentAtRisk)
                    .ThenBy(a => a.Action.Key, StringComparer.Ordinal)
                    .Select(a => new EarlyWarningNode(a.Action, a.Forecast))
                    .ToList();
                return Paging.Page(c, red, w => w.Action.Key);
            });

    private sealed record Projection(int MonthsReported, IReadOnlyList<(ActionNode Action, ForecastNode Forecast)> Actions);

    private static ForecastNode Combined(Projection projection, IResolveFieldContext context)
    {
        var thresholds = context.RequestServices!.GetRequiredService<TrafficLightThresholds>();
        var forecast = Forecast.Combine(projection.Actions.Select(a => a.Forecast.Forecast), projection.MonthsReported, thresholds);
        return new ForecastNode(forecast, projection.Actions.Sum(a => a.Forecast.InvestmentAtRisk));
    }

    private static async Task<Projection> ProjectAsync(IResolveFieldContext context, string poaKey, IEnumerable<string> departmentKeys)
    {
        var services = context.RequestServices!;
        var thresholds = services.GetRequiredService<TrafficLightThresholds>();
        var months = await MonthsReportedAsync(context, poaKey);
        var views = await services.GetRequiredService<DepartmentViewLoader>().LoadAsync(departmentKeys);
        var year = int.Parse(PoaKeys.Leaf(poaKey), System.Globalization.CultureInfo.InvariantCulture);
        var actions = views.SelectMany(v => v.Actions).Where(a => !a.Deleted)
            .Select(a => (new ActionNode(year, a.Key, a), Of(a, months, thresholds)))
            .ToList();
        return new Projection(months, actions);
    }

    private static ForecastNode Of(ActionSummary action, int months, TrafficLightThresholds thresholds)
    {
        var forecast = Forecast.Of(action.Figures.Programmed, action.Figures.Achieved, months, thresholds);
        return new ForecastNode(forecast, forecast.InvestmentAtRisk(action.Figures.Investment));
    }

    /// <summary>The months reported: the ones asked for, else ENE up to the last month in a row whose cut-off passed.</summary>
    private static async Task<int> MonthsReportedAsync(IResolveFieldContext context, string poaKey)
    {
        if (context.GetArgument<int?>("upToMonth") is { } asked)
        {
            return Domain.Model.Month.IsValid(asked)
                ? asked
                : throw PoaErrors.Of(Abstractions.Editing.ErrorCodes.Validation, "upToMonth is a month, 1 (ENE) to 12 (DIC).", "upToMonth");
        }
        var calendar = await context.RequestServices!.GetRequiredService<PoaCalendarLoader>().LoadAsync(poaKey);
        var now = context.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow();
        return MonthsClosed(calendar, now);
    }

    /// <summary>How many months, from ENE on, have their cut-off behind them (the cycle's closed months).</summary>
    public static int MonthsClosed(PoaCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var today = DateOnly.FromDateTime(DepartmentRules.MexicoCity(now));
        var months = 0;
        while (months < 12 && today > calendar.CutOff(months + 1))
            months++;
        return months;
    }
}

public sealed class ForecastType : ObjectGraphType<ForecastNode>
{
    public ForecastType()
    {
        Name = "Forecast";
        Description = "Pronóstico: the year-end compliance projected from the months reported (run rate of cumulative achieved over " +
                      "cumulative programmed, applied to the months left), with its method and assumptions in words.";
        Field<NonNullGraphType<ForecastBasisType>>("basis").Resolve(c => c.Source.Forecast.Basis);
        Field<NonNullGraphType<IntGraphType>>("monthsReported").Description("ENE..this month are counted as reported (0: none).")
            .Resolve(c => c.Source.Forecast.MonthsReported);
        Field<NonNullGraphType<DecimalGraphType>>("programmedToDate").Resolve(c => c.Source.Forecast.ProgrammedToDate);
        Field<NonNullGraphType<DecimalGraphType>>("achievedToDate").Resolve(c => c.Source.Forecast.AchievedToDate);
        Field<NonNullGraphType<DecimalGraphType>>("programmedLeft").Description("Programmed in the months after the months reported.")
            .Resolve(c => c.Source.Forecast.ProgrammedLeft);
        Field<NonNullGraphType<DecimalGraphType>>("annualProgrammed").Resolve(c => c.Source.Forecast.AnnualProgrammed);
        Field<DecimalGraphType>("runRate")
            .Description("Achieved / programmed in the months reported (for a department or the city, the rate its actions' projections imply for the months left); null when nothing was due.")
            .Resolve(c => c.Source.Forecast.RunRate);
        Field<DecimalGraphType>("projectedAchieved").Resolve(c => c.Source.Forecast.ProjectedAchieved);
        Field<DecimalGraphType>("projectedCompliance").Description("Projected achieved / annual programmed; null without a projection.")
            .Resolve(c => c.Source.Forecast.Projected?.Ratio);
        Field<NonNullGraphType<TrafficLightType>>("light").Description("The projected compliance's light, by the same thresholds; NONE without a projection.")
            .Resolve(c => c.Source.Forecast.Projected?.Light ?? TrafficLight.None);
        Field<NonNullGraphType<DecimalGraphType>>("investmentAtRisk")
            .Description("Investment × |1 − projected compliance|, at most the investment; a department or the city adds its actions'.")
            .Resolve(c => c.Source.InvestmentAtRisk);
        Field<NonNullGraphType<IntGraphType>>("actionsOnPlan")
            .Description("Actions with nothing programmed in the months reported, whose months left are assumed met as programmed.")
            .Resolve(c => c.Source.Forecast.PartsOnPlan);
        Field<NonNullGraphType<StringGraphType>>("method")
            .Argument<NonNullGraphType<FindingLanguageType>>("language", a => a.DefaultValue = FindingLanguage.English)
            .Resolve(c => Forecast.Method(c.GetArgument<FindingLanguage>("language")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("assumptions")
            .Argument<NonNullGraphType<FindingLanguageType>>("language", a => a.DefaultValue = FindingLanguage.English)
            .Resolve(c => c.Source.Forecast.Assumptions(c.GetArgument<FindingLanguage>("language")));
    }
}

public sealed class ForecastBasisType : EnumerationGraphType<ForecastBasis>
{
    public ForecastBasisType()
    {
        Name = "ForecastBasis";
        Description = "RUN_RATE: the months reported extrapolated; PLAN: nothing was due yet, the rest assumed met; FINAL: every month reported; " +
                      "NO_MONTHS_REPORTED, NOTHING_PROGRAMMED: no projection.";
    }
}

public sealed class EarlyWarningType : ObjectGraphType<EarlyWarningNode>
{
    public EarlyWarningType()
    {
        Name = "EarlyWarning";
        Description = "Alerta temprana: an action whose forecast ends red.";
        Field<NonNullGraphType<ActionType>>("action").Resolve(c => c.Source.Action);
        Field<NonNullGraphType<DecimalGraphType>>("investmentAtRisk").Resolve(c => c.Source.Forecast.InvestmentAtRisk);
        Field<NonNullGraphType<ForecastType>>("forecast").Resolve(c => c.Source.Forecast);
    }
}

public sealed class EarlyWarningConnectionType() : ConnectionType<EarlyWarningType, EarlyWarningNode>("EarlyWarning");
