using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PoaPlatform.Domain.Findings;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Grains.Tests;

/// <summary>A finding with parameters is stored without its text and renders it when read; one stored with its text
/// (as before 2026-12-05) keeps that text.</summary>
public class FindingSerializationTests
{
    private static Serializer NewSerializer() =>
        new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(Finding).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void AFindingWithParametersTravelsWithoutItsTextAndRendersTheSameText()
    {
        var action = new PoaAction(4, "Comunicación institucional", [], "", "", "", "", new Beneficiaries(0, 0), 100m, [new BudgetItem("12")], []);
        var finding = Assert.Single(ConsistencyChecks.ForAction(action, 7), f => f.Code == FindingCodes.InvalidBudgetItem);
        var serializer = NewSerializer();

        var bytes = serializer.SerializeToArray(finding);
        var copy = serializer.Deserialize<Finding>(bytes)!;

        Assert.Equal("Action 4 \"Comunicación institucional\": partida presupuestal \"12\" is not a 4-digit code of chapters 1000 to 9000.", finding.Message);
        Assert.Equal(finding, copy);
        Assert.Equal(finding.Message, copy.Message);
        Assert.Equal(finding.MessageIn(FindingLanguage.Spanish), copy.MessageIn(FindingLanguage.Spanish));
        Assert.DoesNotContain("partida presupuestal", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void AFindingStoredWithItsTextKeepsIt()
    {
        var stored = new Finding(FindingCodes.InvalidBudgetItem, FindingSeverity.Warning, "Texto guardado.", 3,
            Parameters: [new FindingParameter("action", "4"), new FindingParameter("name", "X"), new FindingParameter("code", "12")]);
        var copy = NewSerializer().Deserialize<Finding>(NewSerializer().SerializeToArray(stored))!;

        Assert.Equal("Texto guardado.", copy.Message);
        Assert.Equal(stored, copy);
    }
}
