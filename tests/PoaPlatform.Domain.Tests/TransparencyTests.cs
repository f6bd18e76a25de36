using PoaPlatform.Domain.Export;

namespace PoaPlatform.Domain.Tests;

/// <summary>The rows of the transparency formats (art. 70 fr. IV, V, VI) from the model: approved against modified
/// targets, achievements to the quarter, the V/VI rule and the notes on what is empty.</summary>
public sealed class TransparencyTests
{
    private static readonly DateOnly Today = new(2022, 1, 15);

    private static Activity Activity(int id, decimal monthly, IndicatorSheet? sheet = null, string area = "Área") =>
        new(id, $"Actividad {id}", area, "Obras", $"Indicador {id}", 100m, monthly * 12, new MonthlyValues(Enumerable.Repeat(monthly, 12)), sheet);

    private static PoaAction Action(params Activity[] activities) =>
        new(1, "Acción", ["Eje"], "Meta de la acción", "", "", "", Beneficiaries.None, 100m * activities.Length, [], activities);

    private static readonly IndicatorSheet Result = new(Level: MirLevel.Proposito, Definition: "Def", Method: "A/B", Numerator: "A", Denominator: "B",
        Unit: "Porcentaje", Frequency: IndicatorFrequency.Trimestral, Type: IndicatorType.Estrategico, Dimension: IndicatorDimension.Eficacia,
        Direction: IndicatorDirection.Ascendente, BaselineValue: 10m, BaselineYear: 2020, MeansOfVerification: "Bitácora", Assumptions: "Ninguno");

    [Fact]
    public void AModifiedTargetAnActivityAddedAfterTheApprovalAndTheQuarterEndShowInTheIndicatorRows()
    {
        var approved = Action(Activity(1, 10m, Result), Activity(2, 5m));
        var current = Action(Activity(1, 12m, Result), Activity(2, 5m, area: ""), Activity(3, 1m));
        var document = new PoaDocument(2021, [new Department("Obras Públicas", [current])], []);
        ReportedProgress Month(int activity, int month, decimal achieved) => new("Obras Públicas", 1, activity, month, achieved, 0m, null);
        IReadOnlyList<ReportedProgress> progress = [Month(1, 6, 30m), Month(1, 7, 99m), Month(2, 1, 4m), Month(3, 2, 1m)];
        ApprovedProgramming[] approval = [new("Obras Públicas", 1, approved, new DateOnly(2021, 2, 1))];

        var results = TransparencyXlsx.Rows(TransparencyFraction.ResultIndicators, document, progress, approval, 2, Today);
        var others = TransparencyXlsx.Rows(TransparencyFraction.PublicInterestIndicators, document, progress, approval, 2, Today);

        var result = Assert.Single(results);
        Assert.Equal([2021m, new DateOnly(2021, 4, 1), new DateOnly(2021, 6, 30), "Meta de la acción", "Indicador 1", "Eficacia", "Def", "A/B", "Porcentaje",
            "Trimestral", 10m, 120m, 144m, 30m, "Ascendente", "Bitácora", "Área", new DateOnly(2021, 2, 1), Today, "Línea base del año 2020."], result);
        Assert.Equal(["Indicador 2", "Indicador 3"], others.Select(r => r[4]));
        // Activity 2: no sheet of its own (the activity's unit, the department as its area); activity 3 has no approved target.
        Assert.Equal(("Obras", "Obras Públicas", 60m, 60m, 4m), (others[0][8], others[0][16], others[0][11], others[0][12], others[0][13]));
        Assert.Equal(("", 12m, 1m), (others[1][11], others[1][12], others[1][13]));
        Assert.StartsWith("Actividad agregada después de la aprobación", (string)others[1][19], StringComparison.Ordinal);
        Assert.Contains("Ficha técnica incompleta: falta nivel de la MIR,", (string)others[0][19], StringComparison.Ordinal);
    }

    [Fact]
    public void BeforeTheFirstApprovalTheProgrammedTargetIsTheCurrentOneAndTheNoteSaysSo()
    {
        var document = new PoaDocument(2021, [new Department("Obras Públicas", [Action(Activity(1, 10m), Activity(2, 5m))])], []);

        var row = Assert.Single(TransparencyXlsx.Rows(TransparencyFraction.ObjectivesAndTargets, document, [], [], 4, Today));

        Assert.Equal((180m, 180m, 0m, Today, Today), (row[11], row[12], row[13], row[17], row[18]));
        Assert.Equal("", row[4]);
        Assert.Contains("La acción no tiene indicador propio.", (string)row[19], StringComparison.Ordinal);
        Assert.Contains("POA sin aprobar", (string)row[19], StringComparison.Ordinal);
    }
}
