using System.CommandLine;
using PoaPlatform.Domain.Export;
using PoaPlatform.Domain.Findings;
using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Model;
using PoaPlatform.Domain.Rules;

namespace PoaPlatform.Cli.Commands;

/// <summary><c>poa validate FILE [--json] [--strict] [--lang en|es]</c>: reads a POA and reports its totals, its findings,
/// and what the platform would refuse to store (values beyond the ranges of <see cref="PoaRules"/>, exit code 1).</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = PoaInput.FileArgument();
        var json = new Option<bool>("--json") { Description = "Print the whole POA with its findings as JSON." };
        var strict = new Option<bool>("--strict") { Description = "Exit with 1 when there are findings that are problems (warnings, errors; not info) (for CI)." };
        var lang = LanguageOption();
        var command = new Command("validate", "Read a POA and report its totals and inconsistencies (findings).") { file, json, strict, lang };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var read = PoaInput.TryRead(result.GetRequiredValue(file), result.InvocationConfiguration.Error);
            if (read is null)
                return PoaInput.UnreadableExitCode;
            var language = Language(result.GetValue(lang));
            var document = read.Document;
            var refused = PoaRules.Document(document);
            if (result.GetValue(json))
            {
                output.WriteLine(PoaJson.Serialize(document, language, read.Progress.Count > 0 ? read.Progress : null));
                WriteRefused(result.InvocationConfiguration.Error, refused);
            }
            else
            {
                WriteSummary(output, result.GetRequiredValue(file), document, language);
                WriteRefused(output, refused);
            }
            return refused.Count > 0 || (result.GetValue(strict) && document.Findings.Problems().Any()) ? 1 : 0;
        });
        return command;
    }

    /// <summary><c>--lang en|es</c>: the language of the findings (and of the summary around them).</summary>
    public static Option<string> LanguageOption()
    {
        var lang = new Option<string>("--lang") { Description = "Language of the findings: en (English) or es (español).", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "es");
        return lang;
    }

    public static FindingLanguage Language(string? lang) => lang == "es" ? FindingLanguage.Spanish : FindingLanguage.English;

    private static void WriteSummary(TextWriter output, string path, PoaDocument document, FindingLanguage language)
    {
        var es = language == FindingLanguage.Spanish;
        output.WriteLine($"POA {document.Year} ({path})");
        foreach (var department in document.Departments)
            output.WriteLine($"  {department.Name}: {Describe(PoaTotals.Of(department.Actions), es)}");
        output.WriteLine($"  Total: {Describe(document.Totals, es)}");
        output.WriteLine((document.Findings.Count, es) switch
        {
            (0, false) => "No findings.",
            (0, true) => "Sin hallazgos.",
            (1, false) => "1 finding:",
            (1, true) => "1 hallazgo:",
            (var count, false) => $"{count} findings:",
            (var count, true) => $"{count} hallazgos:",
        });
        // Problems first; informative findings (an indicator sheet still to fill) after them.
        foreach (var finding in document.Findings.OrderByDescending(f => f.Severity))
            output.WriteLine($"  {Where(finding, es)}: {finding.Code}: {finding.MessageIn(language)}");
    }

    /// <summary>The cell of a finding ("line 47, column 7", "'Acción 4'!G8"); "line 47" or "'Acción 4' row 8" for one made
    /// without a column (an action checked outside its source).</summary>
    private static string Where(Finding finding, bool es)
    {
        if (finding.Line is not { } line)
            return es ? "sin línea" : "no line";
        if (finding.Column is { } column)
            return new CellPlace(finding.Sheet, line, column).Describe(es ? FindingLanguage.Spanish : FindingLanguage.English);
        return finding.Sheet is { } sheet
            ? $"{CellPlace.SheetReference(sheet)} {(es ? "fila" : "row")} {line}"
            : $"{(es ? "línea" : "line")} {line}";
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

    private static string Describe(PoaTotals totals, bool es) => es
        ? $"{totals.Actions} acciones, {totals.Activities} actividades, inversión {Money.Format(totals.Investment)}, " +
          $"beneficiarios {totals.BeneficiariesMen.ToString("N0", Money.MexicanPesos)} hombres / {totals.BeneficiariesWomen.ToString("N0", Money.MexicanPesos)} mujeres"
        : $"{totals.Actions} actions, {totals.Activities} activities, investment {Money.Format(totals.Investment)}, " +
          $"beneficiaries {totals.BeneficiariesMen.ToString("N0", Money.MexicanPesos)} men / {totals.BeneficiariesWomen.ToString("N0", Money.MexicanPesos)} women";
}
