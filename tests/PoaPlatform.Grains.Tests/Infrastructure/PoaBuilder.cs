using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Grains.Tests.Infrastructure;

/// <summary>Makes POA actions for tests, deterministic for a given <see cref="Random"/>.</summary>
internal static class PoaBuilder
{
    private static readonly string[] s_axes = ["Zacatecas Gobierno de Calidad", "Zacatecas Productivo", "Zacatecas Patrimonio Mundial", "Zacatecas Reconstruyendo el Tejido Social"];
    private static readonly string[] s_items = ["1131", "2211", "3191", "3611", "4411", "5151", "6141"];

    public static PoaAction Action(int number, int activities, Random random)
    {
        var axes = random.Next(4) == 0
            ? new[] { s_axes[random.Next(2)], s_axes[2 + random.Next(2)] }
            : [s_axes[random.Next(s_axes.Length)]];
        var items = Enumerable.Range(0, random.Next(3)).Select(_ => new BudgetItem(s_items[random.Next(s_items.Length)])).Distinct().ToArray();
        var acts = Enumerable.Range(1, activities).Select(i => Activity($"Actividad {number}.{i}", random) with { Id = i }).ToArray();
        return new PoaAction(number, $"Acción {number}", axes, "Meta", "Objetivo", "Estrategia", "Propósito",
            new Beneficiaries(random.Next(0, 5000), random.Next(0, 5000)), acts.Sum(a => a.Investment), items, acts);
    }

    public static Activity Activity(string description, Random random)
    {
        var monthly = new MonthlyValues(Enumerable.Range(0, 12).Select(_ => (decimal)random.Next(0, 40)));
        return new Activity(0, description, "Área", "Documentos", "Número de documentos", random.Next(0, 100) * 1000m, monthly.Total, monthly);
    }
}
