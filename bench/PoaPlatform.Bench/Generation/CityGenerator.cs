using System.Globalization;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Bench.Generation;

/// <summary>The shape of a synthetic city: departments × actions × activities, and the seed that fixes every value.</summary>
public sealed record CityShape(int Departments = 40, int Actions = 25, int Activities = 8, int Seed = 2021, int Year = 2021)
{
    public int TotalActions => Departments * Actions;

    public int TotalActivities => Departments * Actions * Activities;

    public override string ToString() => $"{Departments} × {Actions} × {Activities} (seed {Seed})";
}

/// <summary>
/// A deterministic synthetic POA: the same shape and seed give the same document, byte for byte once written with
/// <see cref="Domain.Import.PoaWriter"/>. Investments add up (action = sum of its activities, annual target = sum
/// of its months), so the importer reports no findings and every figure is checkable.
/// </summary>
public static class CityGenerator
{
    private static readonly string[] Areas =
    [
        "Obras Públicas", "Desarrollo Económico", "Seguridad Pública", "Desarrollo Social", "Finanzas", "Cultura",
        "Medio Ambiente", "Servicios Públicos", "Educación", "Salud", "Turismo", "Planeación", "Movilidad",
        "Protección Civil", "Catastro", "Deporte", "Juventud", "Mujeres", "Participación Ciudadana", "Transparencia",
    ];

    private static readonly string[] Axes =
    [
        "Zacatecas Gobierno de Calidad", "Zacatecas Seguro", "Zacatecas Incluyente", "Zacatecas Sustentable",
        "Zacatecas Próspero", "Zacatecas Educado",
    ];

    private static readonly string[] Verbs =
    [
        "Rehabilitación de", "Mantenimiento de", "Atención de", "Programa de", "Supervisión de", "Capacitación en",
        "Difusión de", "Equipamiento de", "Modernización de", "Fortalecimiento de",
    ];

    private static readonly string[] Objects =
    [
        "espacios públicos", "vialidades", "alumbrado público", "mercados municipales", "solicitudes ciudadanas",
        "unidades deportivas", "centros comunitarios", "parques y jardines", "archivos municipales", "trámites en línea",
    ];

    private static readonly string[] Units = ["Obras", "Servicios", "Personas", "Documentos", "Eventos", "Metros", "Visitas"];

    private static readonly string[] BudgetCodes = ["2111", "2211", "2611", "3191", "3291", "3471", "3581", "3691", "3821", "5151", "6141"];

    /// <summary>Builds the document; reports each finished department to <paramref name="progress"/>.</summary>
    public static PoaDocument Generate(CityShape shape, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var random = new Random(shape.Seed);
        var departments = new List<Department>(shape.Departments);
        for (var d = 0; d < shape.Departments; d++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"Secretaría de {Areas[d % Areas.Length]} {d + 1}");
            var actions = new List<PoaAction>(shape.Actions);
            for (var a = 1; a <= shape.Actions; a++)
                actions.Add(Action(random, a, shape.Activities));
            departments.Add(new Department(name, actions));
            progress?.Invoke(d + 1);
        }
        return new PoaDocument(shape.Year, departments, []);
    }

    private static PoaAction Action(Random random, int number, int activityCount)
    {
        var subject = $"{Pick(random, Verbs)} {Pick(random, Objects)}";
        var activities = new List<Activity>(activityCount);
        for (var k = 1; k <= activityCount; k++)
            activities.Add(Activity(random, k));
        var axes = random.Next(4) == 0 ? new[] { Pick(random, Axes), Pick(random, Axes) }.Distinct().ToArray() : [Pick(random, Axes)];
        var budget = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Pick(random, BudgetCodes)).Distinct().Select(c => new BudgetItem(c)).ToArray();
        return new PoaAction(
            number,
            subject,
            axes,
            $"Atender el 100% de las metas de {subject.ToLowerInvariant()} programadas para el ejercicio.",
            $"Mejorar la calidad de {Pick(random, Objects)} en beneficio de la ciudadanía.",
            $"Coordinar recursos humanos y materiales para {Pick(random, Objects)} de forma oportuna.",
            "Que la población cuente con servicios municipales eficientes y de calidad.",
            new Beneficiaries(random.Next(100, 60_000), random.Next(100, 60_000)),
            activities.Sum(x => x.Investment),
            budget,
            activities);
    }

    private static Activity Activity(Random random, int number)
    {
        var monthly = new decimal[12];
        for (var m = 0; m < 12; m++)
            monthly[m] = random.Next(5) == 0 ? 0 : random.Next(1, 500);
        var investment = random.Next(3) == 0 ? 0m : random.Next(1_000, 2_000_000) + random.Next(100) / 100m;
        return new Activity(
            number,
            string.Create(CultureInfo.InvariantCulture, $"Actividad {number}: {Pick(random, Verbs).ToLowerInvariant()} {Pick(random, Objects)} en colonias y comunidades del municipio"),
            $"Dirección de {Pick(random, Areas)}",
            Pick(random, Units),
            $"Número de {Pick(random, Units).ToLowerInvariant()} atendidos",
            investment,
            monthly.Sum(),
            new MonthlyValues(monthly));
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
