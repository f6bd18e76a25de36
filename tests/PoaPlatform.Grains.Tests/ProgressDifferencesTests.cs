using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Domain.Model;
using PoaPlatform.Grains.Actions;

namespace PoaPlatform.Grains.Tests;

/// <summary>What a progress report changed, as <see cref="ActionContent.Differences"/> finds it (skipping the months
/// that are the same instances), is what comparing the rendering of every progress path finds.</summary>
public sealed class ProgressDifferencesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_changed_months_are_those_whose_rendering_differs(int seed)
    {
        var random = new Random(seed);
        var activities = Enumerable.Range(1, 3).Select(i => new Activity(i, $"Actividad {i}", "Área", "Pieza", "Indicador", 100m, 12m,
            MonthlyValues.Of([.. Enumerable.Repeat(1m, 12)]))).ToArray();
        var action = new PoaAction(1, "Acción", ["Eje 1"], "Meta", "Objetivo", "Estrategia", "Propósito", new Beneficiaries(1, 2), 300m,
            [new BudgetItem("3821")], activities);
        var content = new ActionContent(action, [], 4);
        var unchanged = 0;
        for (var i = 0; i < 500; i++)
        {
            var id = random.Next(1, 4);
            var held = content.ProgressOf(id);
            var month = random.Next(1, 13);
            // Half the reports give a month again with the same value written otherwise (350 as 350.00, no note as an
            // empty one, zero as minus zero): a new instance whose rendering may be the same.
            var report = held?.Of(month) is { } previous && random.Next(2) == 0
                ? new MonthProgress(month, previous.Achieved * 1.00m, random.Next(4) == 0 ? -0.0m : previous.Exercised,
                    previous.Note is null ? (random.Next(2) == 0 ? "" : null) : previous.Note)
                : random.Next(8) == 0
                    ? new MonthProgress(month, 0, 0)
                    : new MonthProgress(month, random.Next(0, 20), random.Next(0, 300) / 4m, random.Next(2) == 0 ? null : "nota");
            var after = content.WithProgress((held ?? new ActivityProgress(id, [])).With(report));

            var expected = activities.SelectMany(a => FieldPath.AllOfActivity(a.Id))
                .Where(p => p.Kind == FieldKind.Progress && content.Describe(p) != after.Describe(p))
                .ToList();

            Assert.Equal(expected, ActionContent.Differences(content, after));
            unchanged += expected.Count == 0 ? 1 : 0;
            content = after;
        }
        // The rule is exercised both ways: reports that changed nothing and reports that changed a month.
        Assert.InRange(unchanged, 20, 480);
    }
}
