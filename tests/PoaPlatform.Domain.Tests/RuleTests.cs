using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Model;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Testing;

namespace PoaPlatform.Domain.Tests;

/// <summary>The ranges, lengths and counts of <see cref="PoaRules"/>, and how a read document is checked against them.</summary>
public class RuleTests
{
    private static readonly PoaAction s_action = PoaReader.ReadFile(Samples.SeedPath).Departments[0].Actions.First(a => a.Activities.Count > 0);

    [Fact]
    public void TheSeedIsInsideEveryRule() =>
        Assert.Empty(PoaRules.Document(PoaReader.ReadFile(Samples.SeedPath)));

    [Theory]
    [InlineData("10000000000000", null)]
    [InlineData("10000000000000.01", "investment is 10,000,000,000,000.01; an amount in pesos is at most 10,000,000,000,000 (10¹³).")]
    [InlineData("79228162514264337593543950335", "investment is 79,228,162,514,264,337,593,543,950,335; an amount in pesos is at most 10,000,000,000,000 (10¹³).")]
    [InlineData("0.015", "investment is 0.015, with 3 decimals; an amount in pesos has at most 2 (centavos).")]
    [InlineData("1.500", null)]
    [InlineData("-1", "investment is -1; an amount in pesos cannot be negative.")]
    public void MoneyIsAtMostTenToTheThirteenPesosWithCentavos(string investment, string? message)
    {
        var violation = PoaRules.Action(s_action with { Investment = decimal.Parse(investment, System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(message, violation?.Message);
        if (message is not null)
            Assert.Equal("investment", violation!.Field);
    }

    [Theory]
    [InlineData("1000000000000", null)]
    [InlineData("0.0001", null)]
    [InlineData("0.00001", "achieved is 0.00001, with 5 decimals; a quantity has at most 4.")]
    [InlineData("1000000000000.0001", "achieved is 1,000,000,000,000.0001; a quantity is at most 1,000,000,000,000 (10¹²).")]
    public void QuantitiesAreAtMostTenToTheTwelveWithFourDecimals(string achieved, string? message) =>
        Assert.Equal(message, PoaRules.Progress(new MonthProgress(3, decimal.Parse(achieved, System.Globalization.CultureInfo.InvariantCulture), 0))?.Message);

    [Fact]
    public void EveryTextHasItsLengthAndTheMessageSaysBoth()
    {
        var activity = s_action.Activities[0];
        (string Field, PoaAction Action)[] cases =
        [
            ("name", s_action with { Name = new string('n', PoaRules.MaxNameLength + 1) }),
            ("goal", s_action with { Goal = new string('g', PoaRules.MaxTextLength + 1) }),
            ("objective", s_action with { Objective = new string('o', PoaRules.MaxTextLength + 1) }),
            ("strategy", s_action with { Strategy = new string('s', PoaRules.MaxTextLength + 1) }),
            ("purpose", s_action with { Purpose = new string('p', PoaRules.MaxTextLength + 1) }),
            ("axes[1]", s_action with { Axes = ["Eje", new string('a', PoaRules.MaxAxisLength + 1)] }),
            ("budgetItems[0]", s_action with { BudgetItems = [new BudgetItem(new string('1', PoaRules.MaxBudgetItemLength + 1))] }),
            ("activities[0].description", s_action with { Activities = [activity with { Description = new string('d', PoaRules.MaxActivityDescriptionLength + 1) }] }),
            ("activities[0].responsibleArea", s_action with { Activities = [activity with { ResponsibleArea = new string('r', PoaRules.MaxResponsibleAreaLength + 1) }] }),
            ("activities[0].unit", s_action with { Activities = [activity with { Unit = new string('u', PoaRules.MaxUnitLength + 1) }] }),
            ("activities[0].indicator", s_action with { Activities = [activity with { Indicator = new string('i', PoaRules.MaxIndicatorLength + 1) }] }),
        ];
        foreach (var (field, action) in cases)
        {
            var violation = PoaRules.Action(action);
            Assert.Equal(field, violation?.Field);
            Assert.Matches(@"has [\d,]+ characters; keep it to [\d,]+\.$", violation!.Message);
        }
        Assert.Equal("note", PoaRules.Progress(new MonthProgress(1, 1, 1, new string('x', PoaRules.MaxNoteLength + 1)))?.Field);
    }

    [Fact]
    public void AnActivitysFieldsAreNamedWithItsPlaceWhenTheyBreakARule()
    {
        // Field names are made only for a violation: each kind of field of a later activity, by its place, also in the message.
        var first = s_action.Activities[0];
        var second = first with { Id = first.Id + 1 };
        (string Field, Activity Activity, string Message)[] cases =
        [
            ("activities[1].description", second with { Description = " " }, "An activity needs a description."),
            ("activities[1].fundingSource", second with { FundingSource = new string('f', PoaRules.MaxFundingSourceLength + 1) }, "activities[1].fundingSource has "),
            ("activities[1].investment", second with { Investment = -1 }, "activities[1].investment is -1; "),
            ("activities[1].annualTarget", second with { AnnualTarget = 1.123456789m }, "activities[1].annualTarget is 1.123456789, with 9 decimals"),
            ("activities[1].monthlyTargets[OCT]", second with { Monthly = MonthlyValues.Of([0, 0, 0, 0, 0, 0, 0, 0, 0, -2, 0, 0]) }, "activities[1].monthlyTargets[OCT] is -2; "),
            ("activities[1].indicatorSheet.method", second with { IndicatorSheet = new IndicatorSheet { Method = "a\0b" } }, "activities[1].indicatorSheet.method has a NUL character"),
            ("activities[1].indicatorSheet.baselineYear", second with { IndicatorSheet = new IndicatorSheet { BaselineYear = 1800 } }, "The baseline year 1800 is outside"),
        ];
        foreach (var (field, activity, message) in cases)
        {
            var violation = PoaRules.Action(s_action with { Activities = [first, activity] });
            Assert.Equal(field, violation?.Field);
            Assert.StartsWith(message, violation!.Message, StringComparison.Ordinal);
        }
        Assert.Null(PoaRules.Action(s_action with { Activities = [first, second] }));
        Assert.Equal("x.monthlyTargets[FEB]", PoaRules.Activity(first with { Monthly = MonthlyValues.Of([0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }, "x.")?.Field);
    }

    [Fact]
    public void ListsHaveTheirCounts()
    {
        var activity = s_action.Activities[0];
        Assert.Equal("axes has 11 entries; an action has at most 10 axes.",
            PoaRules.Action(s_action with { Axes = [.. Enumerable.Range(0, 11).Select(i => $"Eje {i}")] })?.Message);
        Assert.Equal("activities has 101 entries; an action has at most 100 activities.",
            PoaRules.Action(s_action with { Activities = [.. Enumerable.Range(1, 101).Select(i => activity with { Id = i })] })?.Message);
        Assert.Equal("budgetItems has 20,000 entries; an action has at most 50 budget items.",
            PoaRules.Action(s_action with { BudgetItems = [.. Enumerable.Repeat(new BudgetItem("3821"), 20_000)] })?.Message);
        Assert.Equal("targets", PoaRules.Targets([.. Enumerable.Range(0, 13).Select(i => new MonthValue(1 + (i % 12), 1))])?.Field);
    }

    [Fact]
    public void TextThatIsNotUnicodeIsRefusedAndSlugsOfItDoNotThrow()
    {
        Assert.Equal("name", PoaRules.Action(s_action with { Name = "Acción \ud800" })?.Field);
        Assert.Null(PoaRules.Action(s_action with { Name = "Acción 😀" }));
        Assert.Equal("zacatecas", Slugs.From("\udc00zacatecas\ud800"));
        Assert.Equal("municipality", PoaRules.Municipality("\ud800")?.Field);
        Assert.Equal("municipality", PoaRules.Municipality("😀")?.Field);
        Assert.Equal("municipality", PoaRules.Municipality(new string('m', PoaRules.MaxMunicipalitySlugLength + 1))?.Field);
        Assert.Null(PoaRules.Municipality("Heroica Ciudad de Juchitán de Zaragoza"));
    }

    [Fact]
    public void AValueBeyondItsRangeInAFileIsReadAndRefusedWithItsPlace()
    {
        var text = Samples.SeedText.Replace("\t4,400\t350\t400\t", "\t4,400\t5,000,000,000,000\t5,000,000,000,000\t", StringComparison.Ordinal);
        Assert.NotEqual(Samples.SeedText, text);

        var document = PoaReader.Read(text);

        var violation = Assert.Single(PoaRules.Document(document));
        Assert.Equal(("activities[0].monthlyTargets[ENE]", 2), (violation.Field, violation.ActionNumber));
        Assert.Contains("is 5,000,000,000,000; a quantity is at most 1,000,000,000,000", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChecksAndTotalsOfValuesWhoseSumsDoNotFitADecimalDoNotThrow()
    {
        // Paths that build actions before the rules see them (a spreadsheet, an input) may hold such values.
        var activity = s_action.Activities[0] with { Investment = decimal.MaxValue, Monthly = new MonthlyValues(Enumerable.Repeat(decimal.MaxValue, 12)) };
        var action = s_action with { Investment = decimal.MaxValue, Activities = [activity, activity with { Id = 2 }] };

        var findings = Findings.ConsistencyChecks.ForAction(action);
        var totals = PoaTotals.Of([action, action]);

        Assert.DoesNotContain(findings, f => f.Code is Findings.FindingCodes.ActionInvestmentMismatch or Findings.FindingCodes.AnnualTargetMismatch);
        Assert.Equal(decimal.MaxValue, totals.Investment);
        Assert.Equal("investment", PoaRules.Action(action)?.Field);
    }

    [Fact]
    public void ADocumentIsCheckedWholeAndEachViolationSaysWhereItIs()
    {
        var departments = Enumerable.Range(0, PoaRules.MaxDepartmentsPerPoa + 1)
            .Select(d => new Department($"Secretaría {d}", [s_action]))
            .Prepend(new Department("Obras", [.. Enumerable.Range(1, PoaRules.MaxActionsPerDepartment + 1).Select(n => s_action with { Number = n }), s_action with { Number = 1, Investment = -1 }]))
            .Append(new Department(new string('x', 200_000), [s_action]))
            .Append(new Department("Secretaría 0", [s_action with { Number = 2, Goal = new string('g', 5000) }]))
            .ToList();

        var violations = PoaRules.Document(new PoaDocument(2021, departments, []));

        // One action beyond the department's limit (the duplicate number 1 is a finding, not checked again), two
        // departments beyond the POA's, the name that is too long, and a second block of a department already counted.
        Assert.Equal(5, violations.Count);
        Assert.Equal((0, "Obras", PoaRules.MaxActionsPerDepartment + 1, "number"), (violations[0].DepartmentIndex, violations[0].Department, violations[0].ActionNumber, violations[0].Field));
        // "Obras" is the first of the MaxDepartmentsPerPoa: Secretaría 0 to Max - 2 join it, the last two are beyond.
        Assert.Equal([$"Secretaría {PoaRules.MaxDepartmentsPerPoa - 1}", $"Secretaría {PoaRules.MaxDepartmentsPerPoa}"], violations.Skip(1).Take(2).Select(v => v.Department));
        Assert.All(violations.Skip(1).Take(2), v => Assert.Equal(("department", (int?)null), (v.Field, v.ActionNumber)));
        Assert.Equal(("department", 60), (violations[3].Field, violations[3].Department.Length));
        Assert.Contains("200,000 characters", violations[3].Message, StringComparison.Ordinal);
        Assert.Equal(("goal", 2), (violations[4].Field, violations[4].ActionNumber));
        Assert.StartsWith("\"Secretaría 0\", action 2: goal has 5,000 characters", violations[4].Message, StringComparison.Ordinal);
    }
}
