using PoaPlatform.Domain.Consolidation;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Testing;

namespace PoaPlatform.Domain.Tests;

/// <summary>Indicator sheets (direction, frequency, what a sheet lacks), the moments of expenditure and their findings,
/// and that the flat layouts carry all of it.</summary>
public class IndicatorAndMomentTests
{
    private static readonly TrafficLightThresholds Thresholds = TrafficLightThresholds.Default;
    private static readonly PoaDocument Seed = PoaReader.Read(Samples.SeedText);

    private static MonthlyValues Months(params decimal[] values) => new(values.Concat(Enumerable.Repeat(0m, 12 - values.Length)));

    [Theory]
    // Descending (complaints: less is better): 2 − achieved/programmed. 100 programmed to date:
    [InlineData(95, 1.05, TrafficLight.Green)]   // 2 − 0.95 = 1.05: a little under the target is on target
    [InlineData(80, 1.20, TrafficLight.Yellow)]  // 2 − 0.80 = 1.20: well under, past the green band
    [InlineData(120, 0.80, TrafficLight.Yellow)] // 2 − 1.20 = 0.80: 20% more complaints than the target
    [InlineData(140, 0.60, TrafficLight.Red)]    // 2 − 1.40 = 0.60
    [InlineData(100, 1.00, TrafficLight.Green)]
    public void ADescendingIndicatorIsGreenWhenItsValueGoesDownToTheTarget(decimal achieved, decimal ratio, TrafficLight light)
    {
        var compliance = Compliance.Of(100, achieved, Thresholds, IndicatorDirection.Descendente);
        Assert.Equal((ratio, light), (compliance.Ratio!.Value, compliance.Light));
        // The same figures read as an ascending indicator give the mirror image.
        Assert.Equal(achieved / 100m, Compliance.Of(100, achieved, Thresholds).Ratio);
    }

    [Theory]
    [InlineData(100, 1.00, TrafficLight.Green)]
    [InlineData(115, 0.85, TrafficLight.Yellow)] // 1 − |1.15 − 1|
    [InlineData(85, 0.85, TrafficLight.Yellow)]  // the same deviation the other way counts the same
    [InlineData(150, 0.50, TrafficLight.Red)]
    public void AConstantIndicatorCountsAnyDeviationAgainstIt(decimal achieved, decimal ratio, TrafficLight light)
    {
        var compliance = Compliance.Of(100, achieved, Thresholds, IndicatorDirection.Constante);
        Assert.Equal((ratio, light), (compliance.Ratio!.Value, compliance.Light));
    }

    [Fact]
    public void AQuarterlyIndicatorIsJudgedAtTheEndOfItsLastCompleteQuarter()
    {
        // Programmed 10 a month; achieved 0, 0, 30 in the first quarter (all at its end), 10, 5 in April and May.
        var programmed = Months(10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10);
        var achieved = Months(0, 0, 30, 10, 5);
        var quarterly = new IndicatorSheet(Frequency: IndicatorFrequency.Trimestral);

        // In February no quarter has ended: nothing to judge, no light (a monthly reading would be red: 0 of 20).
        var (february, none) = Compliance.Judged(programmed, achieved, 2, Thresholds, quarterly);
        Assert.Equal((2, TrafficLight.None, (decimal?)null), (february, none.Light, none.Ratio));
        Assert.Equal(TrafficLight.Red, Compliance.UpTo(programmed, achieved, 2, Thresholds).Light);

        // In May it is judged at March: 30 of 30, green (a monthly reading would be 45 of 50 = 0.9, also green).
        var (may, march) = Compliance.Judged(programmed, achieved, 5, Thresholds, quarterly);
        Assert.Equal((3, 30m, 30m, 1m, TrafficLight.Green), (may, march.Programmed, march.Achieved, march.Ratio!.Value, march.Light));

        // A descending, half-yearly indicator in December is judged at December: 120 programmed, 45 achieved → 2 − 0.375.
        var (december, year) = Compliance.Judged(programmed, achieved, 12, Thresholds,
            new IndicatorSheet(Frequency: IndicatorFrequency.Semestral, Direction: IndicatorDirection.Descendente));
        Assert.Equal((12, 1.625m, TrafficLight.Red), (december, year.Ratio!.Value, year.Light));
        // ... and in November at June: 60 programmed, 45 achieved → 2 − 0.75 = 1.25, yellow.
        var (november, june) = Compliance.Judged(programmed, achieved, 11, Thresholds,
            new IndicatorSheet(Frequency: IndicatorFrequency.Semestral, Direction: IndicatorDirection.Descendente));
        Assert.Equal((6, 1.25m, TrafficLight.Yellow), (november, june.Ratio!.Value, june.Light));
    }

    [Fact]
    public void TheSeedsIndicatorsAreReadByNameAndAnInfoFindingSaysWhatEachSheetLacks()
    {
        var four = Seed.Departments[0].Actions.Single(a => a.Number == 4);
        Assert.All(four.Activities, a => Assert.False(string.IsNullOrWhiteSpace(a.Indicator)));
        Assert.All(four.Activities, a => Assert.Null(a.IndicatorSheet));
        var incomplete = Seed.Findings.Where(f => f.Code == FindingCodes.IndicatorIncomplete).ToList();
        Assert.Equal(9, incomplete.Count);
        Assert.All(incomplete, f => Assert.Equal(FindingSeverity.Info, f.Severity));
        var finding = incomplete.Single(f => f.ActionNumber == 4);
        Assert.Equal("Acción 4 «Comunicación institucional», indicadores incompletos: la acción no tiene indicador propio; a las fichas de las actividades 1, 2, 3, 4, 5 y 6 les falta: nivel de la MIR, definición, método de cálculo, numerador, denominador, unidad de medida, frecuencia, tipo, dimensión, sentido, línea base, medios de verificación, supuestos.",
            finding.MessageIn(FindingLanguage.Spanish));

        var complete = new IndicatorSheet(MirLevel.Actividad, "Def", "A / B × 100", "A", "B", "Porcentaje", IndicatorFrequency.Trimestral,
            IndicatorType.Gestion, IndicatorDimension.Eficacia, IndicatorDirection.Ascendente, 80, 2020, "Informe", "Hay presupuesto");
        var filled = four with { Indicator = "Porcentaje de difusión", IndicatorSheet = complete,
            Activities = [.. four.Activities.Select(a => a with { IndicatorSheet = complete })] };
        Assert.DoesNotContain(ConsistencyChecks.ForAction(filled), f => f.Code == FindingCodes.IndicatorIncomplete);
        var oneGap = filled with { Activities = [filled.Activities[0] with { IndicatorSheet = complete with { Assumptions = "" } }, .. filled.Activities.Skip(1)] };
        Assert.Equal("Action 4 \"Comunicación institucional\", incomplete indicators: the indicator sheet of activity 1 lacks assumptions.",
            Assert.Single(ConsistencyChecks.ForAction(oneGap), f => f.Code == FindingCodes.IndicatorIncomplete).MessageIn(FindingLanguage.English));

        // Activities with the same gaps are named together, in the order their gaps first appear; the action's own sheet
        // comes first.
        var mixed = filled with
        {
            IndicatorSheet = complete with { Method = "" },
            Activities = [filled.Activities[0] with { IndicatorSheet = complete with { Assumptions = "" } },
                filled.Activities[1] with { IndicatorSheet = complete with { Unit = "", BaselineYear = null } },
                filled.Activities[2] with { IndicatorSheet = complete with { Assumptions = "" } }, .. filled.Activities.Skip(3)],
        };
        var mixedFinding = Assert.Single(ConsistencyChecks.ForAction(mixed), f => f.Code == FindingCodes.IndicatorIncomplete);
        Assert.Equal("method", mixedFinding.Parameter("actionMissing"));
        Assert.Equal("1,3=assumptions|2=unit,baseline", mixedFinding.Parameter("activities"));
        var stored = mixedFinding with { Parameters = [.. mixedFinding.Parameters!.Select(p => p.Name == "activities" ? p with { Value = "1=assumptions|2=unit,baseline|3=assumptions" } : p)] };
        Assert.Equal(mixedFinding.MessageIn(FindingLanguage.Spanish), stored.MessageIn(FindingLanguage.Spanish));
        Assert.Equal("Acción 4 «Comunicación institucional», indicadores incompletos: a la ficha del indicador de la acción le falta: método de cálculo; "
            + "a las fichas de las actividades 1 y 3 les falta: supuestos; a la ficha de la actividad 2 le falta: unidad de medida, línea base.",
            mixedFinding.MessageIn(FindingLanguage.Spanish));
        Assert.Equal(["unit", "baseline"], mixed.Activities[1].Sheet.Missing());
    }

    [Fact]
    public void MomentsThatContradictEachOtherAndAModifiedBudgetWithoutARequestAreFindings()
    {
        var action = Seed.Departments[0].Actions.Single(a => a.Number == 4);
        var first = action.Activities[0].Id;
        // Paid 900 > exercised 800 in the year so far, and accrued 700 < exercised 800; modified ≠ approved.
        var progress = new List<ActivityProgress>
        {
            new(first, [new MonthProgress(1, 5, 500, null, Approved: 1000, Modified: 1200, Committed: 1000, Accrued: 400, Paid: 500),
                        new MonthProgress(2, 5, 300, null, Committed: 0, Accrued: 300, Paid: 400)]),
        };
        var findings = ProgressChecks.ForAction(action, progress, hasAuthorizedRequest: false, "Secretaría Particular");
        var order = findings.Where(f => f.Code == FindingCodes.MomentsOutOfOrder).Select(f => (f.Expected, f.Actual)).ToList();
        Assert.Equal([(800m, 900m), (700m, 800m)], order.Select(o => (o.Expected!.Value, o.Actual!.Value)));
        var modified = Assert.Single(findings, f => f.Code == FindingCodes.ModifiedWithoutRequest);
        Assert.Contains("el presupuesto modificado ($1,200.00) difiere del aprobado ($1,000.00)", modified.MessageIn(FindingLanguage.Spanish), StringComparison.Ordinal);
        Assert.All(findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));

        // With an authorised modification request the modified budget may differ; a report of exercised only is never
        // held to the chain (what earlier versions stored as "spent").
        Assert.DoesNotContain(ProgressChecks.ForAction(action, progress, hasAuthorizedRequest: true), f => f.Code == FindingCodes.ModifiedWithoutRequest);
        Assert.Empty(ProgressChecks.ForAction(action, [new(first, [new MonthProgress(3, 1, 99_000)])], hasAuthorizedRequest: false));
    }

    [Fact]
    public void TheFlatWorkbookAndTheCsvCarryIndicatorSheetsFundingSourcesAndMomentsAndReadThemBack()
    {
        var sheet = new IndicatorSheet(MirLevel.Componente, "Quejas atendidas", "(A / B) × 100", "Quejas atendidas", "Quejas recibidas",
            "Porcentaje", IndicatorFrequency.Trimestral, IndicatorType.Estrategico, IndicatorDimension.Calidad, IndicatorDirection.Descendente,
            12.5m, 2020, "Registro de quejas", "La ciudadanía presenta sus quejas");
        var department = Seed.Departments[0];
        var four = department.Actions.Single(a => a.Number == 4);
        var edited = four with
        {
            Indicator = "Porcentaje de quejas",
            IndicatorSheet = sheet with { Level = MirLevel.Proposito, Direction = IndicatorDirection.Ascendente, BaselineValue = null },
            Activities = [four.Activities[0] with { IndicatorSheet = sheet, FundingSource = "fortamun-df" }, .. four.Activities.Skip(1).Select(a => a with { FundingSource = "recursos-propios" })],
        };
        var document = Seed with { Departments = [department with { Actions = [.. department.Actions.Select(a => a.Number == 4 ? edited : a)] }] };
        var progress = new List<ReportedProgress>
        {
            new("Secretaría Particular", 4, edited.Activities[0].Id, 3, 12, 800, "Marzo", Approved: 1000, Modified: 1000, Committed: 950, Accrued: 900, Paid: 700),
        };

        var workbook = PoaReader.ReadWithSource(new MemoryStream(Workbooks.Write(s => PoaXlsx.WriteFlat(document, s, progress))), "poa.xlsx");
        // The CSV (output only: the reader takes Excel's tab-separated text) has the same columns as the workbook's programming.
        var csv = PoaCsv.Serialize(document).Split("\r\n");
        var first = csv.Single(l => l.Contains("fortamun-df", StringComparison.Ordinal));
        Assert.Contains(",fortamun-df,Componente,Quejas atendidas,(A / B) × 100,Quejas atendidas,Quejas recibidas,Porcentaje,Trimestral,Estratégico,Calidad,Descendente,12.5,2020,Registro de quejas,La ciudadanía presenta sus quejas,Porcentaje de quejas,Propósito,",
            first, StringComparison.Ordinal);

        foreach (var read in new[] { workbook })
        {
            var back = read.Document.Departments[0].Actions.Single(a => a.Number == 4);
            Assert.Equal(edited.Indicator, back.Indicator);
            Assert.Equal(edited.IndicatorSheet, back.IndicatorSheet);
            Assert.Equal(sheet, back.Activities[0].IndicatorSheet);
            Assert.Equal(["fortamun-df", .. Enumerable.Repeat("recursos-propios", edited.Activities.Count - 1)], back.Activities.Select(a => a.FundingSource));
            Assert.Equal(PoaJson.Serialize(document with { Findings = [] }), PoaJson.Serialize(read.Document with { Findings = [] }));
        }
        Assert.Equal(progress, workbook.Progress);
        Assert.DoesNotContain(workbook.Document.Findings, f => f.Code == FindingCodes.UnreadCell);
        var json = PoaJson.Serialize(document, progress: progress);
        Assert.Contains("\"fundingSource\": \"fortamun-df\"", json, StringComparison.Ordinal);
        Assert.Contains("\"direction\": \"descendente\"", json, StringComparison.Ordinal);
        Assert.Contains("\"paid\": 700.00", json, StringComparison.Ordinal);
    }

    [Fact]
    public void AChoiceTheSheetDoesNotKnowIsRefusedWithItsCell()
    {
        var header = string.Join('\t', PoaFlatLayout.ProgrammingHeader);
        var row = string.Join('\t', PoaFlatLayout.ProgrammingHeader.Select(h => h switch
        {
            PoaFlatLayout.Year => "2021",
            PoaFlatLayout.Department => "Secretaría Particular",
            PoaFlatLayout.ActionNumber => "2",
            PoaFlatLayout.Activity => "Atender quejas",
            "Sentido" => "Hacia arriba",
            "Frecuencia" => "trimestral",
            _ => "",
        }));
        var error = Assert.Throws<PoaFormatException>(() => PoaReader.Read(header + "\n" + row));
        var column = PoaFlatLayout.ProgrammingHeader.ToList().IndexOf("Sentido") + 1;
        Assert.Contains($"line 2, column {column}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sentido must be one of: Ascendente, Descendente, Constante", error.Message, StringComparison.Ordinal);
        // Accents and case do not matter: "trimestral", "DESCENDENTE", "gestion" are read.
        var read = PoaReader.Read(header + "\n" + row.Replace("Hacia arriba", "DESCENDENTE", StringComparison.Ordinal));
        var sheet = read.Departments[0].Actions[0].Activities[0].IndicatorSheet!;
        Assert.Equal((IndicatorFrequency.Trimestral, IndicatorDirection.Descendente), (sheet.Frequency, sheet.Direction));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AReportTakesItsMonthsPlaceAndAnEmptyOneClearsIt(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 500; round++)
        {
            // Months in order, and now and then out of order or twice (as no code writes them, but a stored row might).
            var months = Enumerable.Range(1, 12).Where(_ => random.Next(2) == 0).Select(m => new MonthProgress(m, m, m * 10m)).ToList();
            if (round % 10 == 0 && months.Count > 1)
                months.Reverse();
            if (round % 15 == 0 && months.Count > 0)
                months.Add(months[0] with { Achieved = 99 });
            var progress = new ActivityProgress(1, months);
            var month = random.Next(1, 13);
            var report = random.Next(4) == 0 ? new MonthProgress(month, 0, 0) : new MonthProgress(month, 7, 70m, random.Next(2) == 0 ? "  " : "nota");

            var expected = months.Where(m => m.Month != month)
                .Concat(report.IsEmpty ? [] : [report with { Note = string.IsNullOrWhiteSpace(report.Note) ? null : report.Note }])
                .OrderBy(m => m.Month).ToArray();

            Assert.Equal(expected, progress.With(report).Months);
        }
    }
}
