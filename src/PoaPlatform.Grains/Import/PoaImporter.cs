using PoaPlatform.Domain.Rules;

namespace PoaPlatform.Grains.Import;

/// <summary>Loads a read POA document into the grains: each department is described, then its actions are imported
/// in parallel. Used by the importPoa mutation and by seeding.</summary>
/// <remarks>Importing the same document again changes nothing (the action grain ignores an identical import), so a
/// failed import can simply be run again. What breaks the rules (<see cref="PoaRules.Document"/>) is not stored and
/// is reported with its place; the rest of the document is imported.</remarks>
public sealed class PoaImporter(IGrainFactory grains)
{
    /// <param name="clientMutationId">Makes a retried import give each action the answer of the first one.</param>
    /// <param name="approved">A historic POA: each department imported whole lands APROBADO instead of CAPTURA.</param>
    public async Task<PoaImportResult> ImportAsync(string municipality, PoaDocument document, Editor editor, string? clientMutationId = null,
        bool approved = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var poaKey = PoaKeys.Poa(municipality, document.Year);
        var failures = new List<PoaImportFailure>();
        var violations = PoaRules.Document(document);
        foreach (var violation in violations)
            failures.Add(PoaImportFailure.Of(poaKey, violation));
        var refusedDepartments = violations.Where(v => v.ActionNumber is null).Select(v => v.DepartmentIndex).ToHashSet();
        var imported = 0;
        for (var d = 0; d < document.Departments.Count; d++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var department = document.Departments[d];
            if (refusedDepartments.Contains(d))
                continue;
            var departmentKey = PoaKeys.Department(poaKey, department.Slug);
            var departmentGrain = grains.GetGrain<IDepartmentGrain>(departmentKey);
            // A submitted, reviewed or approved POA is not overwritten by an import: its programming changes through
            // the planning unit (a return, or modification requests once approved).
            var rules = await departmentGrain.GetRulesAsync();
            if (!CycleRules.ProgrammingEditable(rules.Status))
            {
                failures.Add(new PoaImportFailure(departmentKey, new CommandError(ErrorCodes.Locked, rules.Status == CycleStatus.Aprobado
                    ? $"The POA of {department.Name} is approved: it is not imported again; change it through modification requests (requestModification)."
                    : $"The POA of {department.Name} is {rules.Status}: it is not imported while the planning unit has it.", CurrentValue: rules.Status.ToString()), department.Name));
                continue;
            }
            // The action grains keep their own findings current as the actions change; the department keeps the
            // document's (summary sheet, duplicates), which no single action decides.
            var findings = document.Findings
                .Where(f => f.Department is { } name && Slugs.From(name) == department.Slug && !FindingCodes.IsActionLevel(f.Code))
                .ToList();
            if (await departmentGrain.DescribeAsync(department.Name, findings) is { } refused)
            {
                failures.Add(new PoaImportFailure(null, refused, department.Name, null));
                continue;
            }

            // A number twice in one department is a DUPLICATE_ACTION finding; both would land in one grain, so the
            // first one is imported, as it is listed first. An action that breaks the rules is reported above.
            var refusedNumbers = violations.Where(v => v.DepartmentIndex == d && v.ActionNumber is not null)
                .Select(v => v.ActionNumber!.Value).ToHashSet();
            var actions = department.Actions.DistinctBy(a => a.Number).Where(a => !refusedNumbers.Contains(a.Number)).ToList();
            var results = await Task.WhenAll(actions.Select(async action =>
            {
                var key = PoaKeys.Action(departmentKey, action.Number);
                return (Key: key, action.Number, Result: await grains.GetGrain<IActionGrain>(key).ExecuteAsync(new ImportAction(action), new CommandContext(editor, ClientMutationId: clientMutationId)));
            }));
            foreach (var (key, number, result) in results)
            {
                if (result.Succeeded)
                    imported++;
                else
                    failures.Add(new PoaImportFailure(key, result.Error!, department.Name, number));
            }
            if (approved && results.All(r => r.Result.Succeeded))
            {
                var approval = await departmentGrain.TransitionAsync(CycleTransition.ImportApproved, "imported as approved", [], new CommandContext(editor));
                if (!approval.Succeeded)
                    failures.Add(new PoaImportFailure(departmentKey, approval.Error!, department.Name));
            }
        }
        return new PoaImportResult(poaKey, imported, failures);
    }
}

/// <summary>What an import did: the POA's key, how many actions were imported, and which were refused and why.</summary>
public sealed record PoaImportResult(string PoaKey, int ImportedActions, IReadOnlyList<PoaImportFailure> Failures);

/// <summary>A part of the document that was not stored: an action (its key and number) or a whole department.</summary>
public sealed record PoaImportFailure(string? ActionKey, CommandError Error, string? Department = null, int? ActionNumber = null)
{
    /// <summary>A violation of the rules, as a VALIDATION error naming the field.</summary>
    public static PoaImportFailure Of(string poaKey, DocumentViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        var slug = Slugs.From(violation.Department);
        string? key = violation.ActionNumber is { } number && slug.Length is > 0 and <= PoaRules.MaxDepartmentSlugLength
            ? PoaKeys.Action(PoaKeys.Department(poaKey, slug), number)
            : null;
        return new PoaImportFailure(key, new CommandError(ErrorCodes.Validation, violation.Message, violation.Field), violation.Department, violation.ActionNumber);
    }
}
