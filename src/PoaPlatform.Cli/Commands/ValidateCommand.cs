using System.CommandLine;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa validate FILE [--json] [--strict]</c>: reads a POA and reports its totals and findings.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = PoaInput.FileArgument();
        var json = new Option<bool>("--json") { Description = "Print the whole POA with its findings as JSON." };
        var strict = new Option<bool>("--strict") { Description = "Exit with 1 when there are findings (for CI)." };
        var command = new Command("validate", "Read a POA and report its totals and inconsistencies (findings).") { file, json, strict };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var document = PoaInput.TryRead(result.GetRequiredValue(file), result.InvocationConfiguration.Error);
            if (document is null)
                return PoaInput.UnreadableExitCode;
            if (result.GetValue(json))
                output.WriteLine(PoaJson.Serialize(document));
            else
                WriteSummary(output, result.GetRequiredValue(file), document);
            return result.GetValue(strict) && document.Findings.Count > 0 ? 1 : 0;
        });
        return command;
    }

    private static void WriteSummary(TextWriter output, string path, PoaDocument document)
    {
        output.WriteLine($"POA {document.Year} ({path})");
        foreach (var department in document.Departments)
            output.WriteLine($"  {department.Name}: {Describe(PoaTotals.Of(department.Actions))}");
        output.WriteLine($"  Total: {Describe(document.Totals)}");
        output.WriteLine(document.Findings.Count switch
        {
            0 => "No findings.",
            1 => "1 finding:",
            var count => $"{count} findings:",
        });
        foreach (var finding in document.Findings)
        {
            var line = finding.Line is { } at ? $"line {at}" : "no line";
            output.WriteLine($"  {line}: {finding.Code}: {finding.Message}");
        }
    }

    private static string Describe(PoaTotals totals) =>
        $"{totals.Actions} actions, {totals.Activities} activities, investment {Money.Format(totals.Investment)}, " +
        $"beneficiaries {totals.BeneficiariesMen.ToString("N0", Money.MexicanPesos)} men / {totals.BeneficiariesWomen.ToString("N0", Money.MexicanPesos)} women";
}
