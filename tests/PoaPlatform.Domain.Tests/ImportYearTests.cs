using System.Globalization;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Testing;

namespace PoaPlatform.Domain.Tests;

/// <summary>One year rule (<see cref="PoaRules.Year"/>) for every layout the importer reads: blocks, a flat text, a flat workbook.</summary>
public class ImportYearTests
{
    private static readonly PoaDocument Seed = PoaReader.Read(Samples.SeedText);

    private static readonly string[] NumberColumns =
    [
        PoaFlatLayout.Men, PoaFlatLayout.Women, PoaFlatLayout.ActionInvestment, PoaFlatLayout.ActivityInvestment, PoaFlatLayout.AnnualTarget,
        .. MonthlyValues.MonthNames,
    ];

    private static PoaReadResult Blocks(int year) =>
        PoaReader.ReadWithSource(Samples.SeedText.Replace("PROGRAMA OPERATIVO ANUAL 2021", $"PROGRAMA OPERATIVO ANUAL {year}", StringComparison.Ordinal));

    /// <summary>A flat text (the CSV's columns, tab-separated as Excel exports them) with one activity.</summary>
    private static PoaReadResult FlatText(int year) => PoaReader.ReadWithSource(string.Join('\n',
        string.Join('\t', PoaFlatLayout.ProgrammingHeader),
        string.Join('\t', PoaFlatLayout.ProgrammingHeader.Select(h => h switch
        {
            PoaFlatLayout.Year => year.ToString(CultureInfo.InvariantCulture),
            PoaFlatLayout.Department => "Secretaría Particular",
            PoaFlatLayout.ActionNumber => "2",
            _ when NumberColumns.Contains(h) => "0",
            _ when PoaFlatLayout.ActivitySheetColumns.Contains(h) || PoaFlatLayout.ActionSheetColumns.Contains(h) => "",
            _ => "texto",
        }))));

    private static PoaReadResult FlatWorkbook(int year) =>
        PoaReader.ReadWithSource(new MemoryStream(Workbooks.Write(s => PoaXlsx.WriteFlat(Seed with { Year = year }, s))), "poa.xlsx");

    private static readonly string[] Layouts = ["blocks", "flat text", "flat workbook"];
    private static readonly int[] YearsOutOfRange = [1950, PoaRules.MinYear - 1, PoaRules.MaxYear + 1, 2999];
    private static readonly int[] YearsInRange = [PoaRules.MinYear, 2021, PoaRules.MaxYear];

    public static TheoryData<int, string> OutOfRange() => Cases(YearsOutOfRange);

    public static TheoryData<int, string> InRange() => Cases(YearsInRange);

    private static TheoryData<int, string> Cases(int[] years)
    {
        var cases = new TheoryData<int, string>();
        foreach (var year in years)
        {
            foreach (var layout in Layouts)
                cases.Add(year, layout);
        }
        return cases;
    }

    private static PoaReadResult Read(string layout, int year) => layout switch
    {
        "blocks" => Blocks(year),
        "flat text" => FlatText(year),
        _ => FlatWorkbook(year),
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void AYearOutsideTheRuleIsRefusedWithTheRulesMessageInEveryLayout(int year, string layout)
    {
        var error = Assert.Throws<PoaFormatException>(() => Read(layout, year));
        Assert.Equal((PoaRules.Year(year)!.Message, year.ToString(CultureInfo.InvariantCulture)), (error.Reason, error.Value));
    }

    [Theory]
    [MemberData(nameof(InRange))]
    public void AYearInsideTheRuleIsReadInEveryLayout(int year, string layout) =>
        Assert.Equal(year, Read(layout, year).Document.Year);
}
