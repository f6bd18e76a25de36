using System.Text.Json;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Domain.Model;
using PoaPlatform.Grains.Actions;

namespace PoaPlatform.Grains.Tests;

/// <summary>A summary made with what the programming decided before (<see cref="ProgrammingCache"/>) is the summary made
/// from scratch, whatever changed in between: progress only, the programming, the baseline, the funding sources.</summary>
public sealed class ProgrammingCacheTests
{
    private const string Key = "zacatecas/2021/tesoreria/7";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_summary_from_the_kept_programming_equals_one_made_from_scratch(int seed)
    {
        var random = new Random(seed);
        var cache = new ProgrammingCache();
        var action = Action(random);
        var content = new ActionContent(action, [], action.Activities.Count + 1);
        var sameProgramming = 0;
        for (var version = 1; version <= 400; version++)
        {
            switch (random.Next(6))
            {
                case 0:
                    // A new programming; the old one becomes the baseline half of the time (an approval happened).
                    content = content with
                    {
                        Action = Action(random),
                        Baseline = random.Next(2) == 0 ? content.Action : content.Baseline,
                        BaselineApproval = content.BaselineApproval + 1,
                    };
                    break;
                case 1:
                    // The baseline goes back to none, or is the programming itself.
                    content = content with { Baseline = random.Next(2) == 0 ? null : content.Action };
                    break;
                default:
                    // A progress report (the programming's instance stays).
                    if (content.Action!.Activities.Count == 0)
                        goto case 0;
                    var activity = content.Action.Activities[random.Next(content.Action.Activities.Count)];
                    var month = new MonthProgress(random.Next(1, 13), random.Next(0, 300), random.Next(0, 50_000) / 100m, random.Next(3) == 0 ? null : "nota");
                    var progress = (content.ProgressOf(activity.Id) ?? new ActivityProgress(activity.Id, [])).With(month);
                    content = content.WithProgress(progress);
                    sameProgramming++;
                    break;
            }
            var state = new ActionState { Version = version, Content = content };

            var kept = state.Summarize(Key, cache);
            var fresh = state.Summarize(Key);

            Assert.Equal(Text(fresh), Text(kept));
        }
        Assert.True(sameProgramming > 200);
    }

    [Fact]
    public void A_progress_report_reuses_what_the_programming_decided_and_a_new_programming_does_not()
    {
        var cache = new ProgrammingCache();
        var action = Action(new Random(7));
        var first = cache.Of(action, null, "tesoreria");

        Assert.Same(first, cache.Of(action, null, "tesoreria"));
        Assert.NotSame(first, cache.Of(action with { Investment = action.Investment + 1 }, null, "tesoreria"));
        Assert.NotSame(first, cache.Of(action, action with { }, "tesoreria"));
        Assert.NotSame(first, cache.Of(action, null, "obras-publicas"));
    }

    private static PoaAction Action(Random random)
    {
        string[] sources = ["Recursos fiscales", "FORTAMUN", "FISM"];
        var activities = Enumerable.Range(1, random.Next(0, 5)).Select(i => new Activity(i, $"Actividad {i}", "Área", "Pieza", "Indicador",
            random.Next(0, 1000) * 10.5m, 12, MonthlyValues.Of([.. Enumerable.Range(0, 12).Select(_ => (decimal)random.Next(0, 3))]),
            FundingSource: random.Next(3) == 0 ? null : sources[random.Next(sources.Length)])).ToArray();
        return new PoaAction(7, "Acción", random.Next(2) == 0 ? ["Eje 1"] : ["Eje 1", "Eje 2"], "Meta", "Objetivo", "Estrategia", "Propósito",
            new Beneficiaries(random.Next(0, 500), random.Next(0, 500)), random.Next(0, 100_000) * 1.5m,
            [new BudgetItem(random.Next(2) == 0 ? "3191" : "6141"), new BudgetItem("2111")], activities);
    }

    private static string Text(ActionSummary summary) => JsonSerializer.Serialize(summary);
}
