using PoaPlatform.Domain.Rules;

namespace PoaPlatform.Grains.Import;

/// <summary>Loads a read POA document into the grains: departments side by side (<see cref="DepartmentsAtOnce"/> at a
/// time), each described and then its actions imported in parallel, so that their writes share the storage's group
/// commits. Used by the importPoa mutation, the upload endpoint and by seeding.</summary>
/// <remarks>Importing the same document again changes nothing (the action grain ignores an identical import), so a
/// failed import can simply be run again. What breaks the rules (<see cref="PoaRules.Document"/>) is not stored and
/// is reported with its place; the rest of the document is imported.</remarks>
public sealed class PoaImporter(IGrainFactory grains)
{
    /// <param name="clientMutationId">Makes a retried import give each action the answer of the first one.</param>
    /// <param name="approved">A historic POA: each department imported whole lands APROBADO instead of CAPTURA.</param>
    /// <param name="progress">Told of each department as its import ends, one call at a time, in the order they end.</param>
    public async Task<PoaImportResult> ImportAsync(string municipality, PoaDocument document, Editor editor, string? clientMutationId = null,
        bool approved = false, Func<PoaImportProgress, CancellationToken, ValueTask>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var poaKey = PoaKeys.Poa(municipality, document.Year);
        var failures = new List<PoaImportFailure>();
        var violations = PoaRules.Document(document);
        foreach (var violation in violations)
            failures.Add(PoaImportFailure.Of(poaKey, violation));
        var refusedDepartments = violations.Where(v => v.ActionNumber is null).Select(v => v.DepartmentIndex).ToHashSet();
        // The action grains keep their own findings current as the actions change; each department keeps the
        // document's (summary sheet, duplicates), which no single action decides. Grouped once: a slug is not free.
        var departmentFindings = document.Findings
            .Where(f => f.Department is not null && !FindingCodes.IsActionLevel(f.Code))
            .ToLookup(f => Slugs.From(f.Department!), StringComparer.Ordinal);
        // Departments are imported side by side (a bounded number at a time); their failures are listed in document order.
        var outcomes = new (int Imported, List<PoaImportFailure> Failures)[document.Departments.Count];
        using var reporting = new SemaphoreSlim(1, 1);
        int departmentsDone = 0, importedSoFar = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, document.Departments.Count),
            new ParallelOptions { MaxDegreeOfParallelism = DepartmentsAtOnce, CancellationToken = cancellationToken },
            async (d, ct) =>
            {
                outcomes[d] = refusedDepartments.Contains(d)
                    ? (0, [])
                    : await ImportDepartmentAsync(poaKey, document, d, departmentFindings, violations, editor, clientMutationId, approved, ct);
                if (progress is null)
                    return;
                await reporting.WaitAsync(ct);
                try
                {
                    importedSoFar += outcomes[d].Imported;
                    await progress(new PoaImportProgress(++departmentsDone, document.Departments.Count, importedSoFar, document.Departments[d].Name), ct);
                }
                finally
                {
                    reporting.Release();
                }
            });
        var imported = 0;
        foreach (var (count, refused) in outcomes)
        {
            imported += count;
            failures.AddRange(refused);
        }
        return new PoaImportResult(poaKey, imported, failures);
    }

    /// <summary>How many departments an import works on at once: enough to share the storage's group commits, few
    /// enough that one large document does not flood the silo.</summary>
    public const int DepartmentsAtOnce = 8;

    private async Task<(int Imported, List<PoaImportFailure> Failures)> ImportDepartmentAsync(string poaKey, PoaDocument document, int d,
        ILookup<string, Finding> departmentFindings, IReadOnlyList<DocumentViolation> violations, Editor editor, string? clientMutationId, bool approved, CancellationToken cancellationToken)
    {
        var failures = new List<PoaImportFailure>();
        var department = document.Departments[d];
        var slug = department.Slug;
        var departmentKey = PoaKeys.Department(poaKey, slug);
        var departmentGrain = grains.Grain<IDepartmentGrain>(departmentKey);
        // A submitted, reviewed or approved POA is not overwritten by an import: its programming changes through
        // the planning unit (a return, or modification requests once approved).
        var rules = await departmentGrain.GetRulesAsync();
        if (!CycleRules.ProgrammingEditable(rules.Status))
        {
            failures.Add(new PoaImportFailure(departmentKey, new CommandError(ErrorCodes.Locked, rules.Status == CycleStatus.Aprobado
                ? $"The POA of {department.Name} is approved: it is not imported again; change it through modification requests (requestModification)."
                : $"The POA of {department.Name} is {rules.Status}: it is not imported while the planning unit has it.", CurrentValue: rules.Status.ToString()), department.Name));
            return (0, failures);
        }
        if (await departmentGrain.DescribeAsync(department.Name, [.. departmentFindings[slug]]) is { } refusedDepartment)
        {
            failures.Add(new PoaImportFailure(null, refusedDepartment, department.Name, null));
            return (0, failures);
        }

        // A number twice in one department is a DUPLICATE_ACTION finding; both would land in one grain, so the
        // first one is imported, as it is listed first. An action that breaks the rules is reported above.
        var refusedNumbers = violations.Where(v => v.DepartmentIndex == d && v.ActionNumber is not null)
            .Select(v => v.ActionNumber!.Value).ToHashSet();
        var candidates = department.Actions.DistinctBy(a => a.Number).Where(a => !refusedNumbers.Contains(a.Number)).ToList();
        // The department takes all its new actions with one membership write (bulk admission) instead of one per action.
        var admission = await departmentGrain.AdmitActionsAsync([.. candidates.Select(a => PoaKeys.Action(departmentKey, a.Number))]);
        var actions = new List<PoaAction>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (admission[i] is { } refusedAction)
                failures.Add(new PoaImportFailure(PoaKeys.Action(departmentKey, candidates[i].Number), refusedAction, department.Name, candidates[i].Number));
            else
                actions.Add(candidates[i]);
        }
        var results = await Task.WhenAll(actions.Select(async action =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = PoaKeys.Action(departmentKey, action.Number);
            return (Key: key, action.Number, Result: await grains.Grain<IActionGrain>(key).ExecuteAsync(new ImportAction(action), new CommandContext(editor, ClientMutationId: clientMutationId)));
        }));
        // The POA takes the department's new figures once, now: the import answers with the city up to date.
        await departmentGrain.EndImportAsync();
        var imported = 0;
        foreach (var (key, number, result) in results)
        {
            if (result.Succeeded)
                imported++;
            else
                failures.Add(new PoaImportFailure(key, result.Error!, department.Name, number));
        }
        if (approved && failures.Count == 0)
        {
            var approval = await departmentGrain.TransitionAsync(CycleTransition.ImportApproved, "imported as approved", [], new CommandContext(editor));
            if (!approval.Succeeded)
                failures.Add(new PoaImportFailure(departmentKey, approval.Error!, department.Name));
        }
        return (imported, failures);
    }
}

/// <summary>What an import did: the POA's key, how many actions were imported, and which were refused and why.</summary>
public sealed record PoaImportResult(string PoaKey, int ImportedActions, IReadOnlyList<PoaImportFailure> Failures);

/// <summary>An import's progress: a department's import ended (<paramref name="Department"/>, by its name), which makes
/// <paramref name="DepartmentsDone"/> of <paramref name="Departments"/>, with <paramref name="ImportedActions"/> actions
/// imported so far.</summary>
public readonly record struct PoaImportProgress(int DepartmentsDone, int Departments, int ImportedActions, string Department);

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
