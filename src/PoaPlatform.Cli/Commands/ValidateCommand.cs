using System.CommandLine;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Model;
using PoaPlatform.Domain.Rules;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa validate FILE [--json] [--strict]</c>: reads a POA and reports its totals, its findings, and what the
/// platform would refuse to store (values beyond the ranges of <see cref="PoaRules"/>, exit code 1).</summary>
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
            var refused = PoaRules.Document(document);
            if (result.GetValue(json))
            {
                output.WriteLine(PoaJson.Serialize(document));
                WriteRefused(result.InvocationConfiguration.Error, refused);
            }
            else
            {
                WriteSummary(output, result.GetRequiredValue(file), document);
                WriteRefused(output, refused);
            }
            return refused.Count > 0 || (result.GetValue(strict) && document.Findings.Count > 0) ? 1 : 0;
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

    /// <summary>What an import would not store: each with its department, action and field.</summary>
    private static void WriteRefused(TextWriter output, IReadOnlyList<DocumentViolation> refused)
    {
        if (refused.Count == 0)
            return;
        output.WriteLine(refused.Count == 1 ? "1 value the platform refuses (an import stores the rest):" : $"{refused.Count} values the platform refuses (an import stores the rest):");
        foreach (var violation in refused)
        {
            var where = violation.ActionNumber is { } number ? $"{violation.Department}, action {number}" : violation.Department;
            output.WriteLine($"  {where}: {violation.Field}: {violation.Message}");
        }
    }

    private static string Describe(PoaTotals totals) =>
        $"{totals.Actions} actions, {totals.Activities} activities, investment {Money.Format(totals.Investment)}, " +
        $"beneficiaries {totals.BeneficiariesMen.ToString("N0", Money.MexicanPesos)} men / {totals.BeneficiariesWomen.ToString("N0", Money.MexicanPesos)} women";
}
