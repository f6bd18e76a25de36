using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Consolidation;
using PoaPlatform.Abstractions.Departments;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Domain.Export;

namespace PoaPlatform.Server.Export;

/// <summary>What a page shows, as the domain model: a POA document (and the progress reported on its activities), with
/// the approved programming of the actions of approved departments (the transparency formats' metas programadas).</summary>
public sealed record ExportedPoa(PoaDocument Document, IReadOnlyList<ReportedProgress> Progress, IReadOnlyList<ApprovedProgramming>? Approved = null);

/// <summary>One action for the open data package: its department, the programming now, the programming as the last
/// approval left it (the current one before any approval) and the progress of its activities.</summary>
public sealed record OpenDataAction(string Department, PoaAction Action, PoaAction Approved, IReadOnlyList<ActivityProgress> Progress);

/// <summary>A city's figures after an import, for the upload's answer.</summary>
public sealed record CityFigures(string Key, int Year, long Version, decimal Investment, int Actions, int Activities, int Findings, long Men, long Women);

/// <summary>
/// The one place the file endpoints read grains: city summary → department views → action snapshots, turned into the
/// domain model the writers take. Kept in one file so that a change of the grain messages is fixed here only.
/// </summary>
public sealed class ExportSources(IGrainFactory grains)
{
    /// <summary>The whole city, or null when the year has no department.</summary>
    public async Task<ExportedPoa?> CityAsync(string municipality, int year)
    {
        var poaKey = PoaKeys.Poa(municipality, year);
        var city = await grains.Grain<IPoaGrain>(poaKey).GetSummaryAsync();
        if (city.Departments.Count == 0)
            return null;
        var departments = await Task.WhenAll(city.Departments.OrderBy(d => d.Name, StringComparer.CurrentCulture).Select(d => DepartmentOf(d.Key)));
        return Combine(year, departments.Where(d => d is not null).Select(d => d!.Value).ToList());
    }

    /// <summary>One department (by slug or name), or null when the city has no such department.</summary>
    public async Task<ExportedPoa?> DepartmentAsync(string municipality, int year, string department)
    {
        var poaKey = PoaKeys.Poa(municipality, year);
        var city = await grains.Grain<IPoaGrain>(poaKey).GetSummaryAsync();
        var slug = Slugs.From(department);
        var summary = city.Departments.FirstOrDefault(d => d.Slug == slug);
        if (summary is null || await DepartmentOf(summary.Key) is not { } read)
            return null;
        return Combine(year, [read]);
    }

    /// <summary>One action of a department, or null when it does not exist.</summary>
    public async Task<ExportedPoa?> ActionAsync(string municipality, int year, string department, int number)
    {
        var poaKey = PoaKeys.Poa(municipality, year);
        var city = await grains.Grain<IPoaGrain>(poaKey).GetSummaryAsync();
        var slug = Slugs.From(department);
        var summary = city.Departments.FirstOrDefault(d => d.Slug == slug);
        if (summary is null)
            return null;
        var snapshot = await grains.Grain<IActionGrain>(PoaKeys.Action(summary.Key, number)).GetAsync();
        if (snapshot is null)
            return null;
        var (action, progress) = ActionOf(summary.Name, snapshot);
        var cycle = (await grains.Grain<IDepartmentGrain>(summary.Key).GetViewAsync()).Summary.CycleOrStart;
        return new ExportedPoa(new PoaDocument(year, [new Department(summary.Name, [action])], snapshot.Findings), progress,
            ApprovedOf(summary.Name, cycle, [snapshot]));
    }

    /// <summary>Every action of the city, departments by name and actions by number, with its approved baseline; null
    /// when the year has no department.</summary>
    public async Task<IReadOnlyList<OpenDataAction>?> OpenDataAsync(string municipality, int year)
    {
        var city = await grains.Grain<IPoaGrain>(PoaKeys.Poa(municipality, year)).GetSummaryAsync();
        if (city.Departments.Count == 0)
            return null;
        var departments = await Task.WhenAll(city.Departments.OrderBy(d => d.Name, StringComparer.CurrentCulture).Select(async d =>
        {
            var view = await grains.Grain<IDepartmentGrain>(d.Key).GetViewAsync();
            var approval = view.Summary.CycleOrStart.ApprovalNumber;
            var snapshots = await Task.WhenAll(view.Actions.Where(a => !a.Deleted).OrderBy(a => a.Number)
                .Select(a => grains.Grain<IActionGrain>(a.Key).GetAsync()));
            return snapshots.Where(s => s is not null)
                .Select(s => new OpenDataAction(view.Summary.Name, s!.Action, approval == 0 ? s.Action : s.BaselineOf(approval), s.Progress));
        }));
        return [.. departments.SelectMany(d => d)];
    }

    /// <summary>The city's key, version and totals (what the upload reports after saving).</summary>
    public async Task<CityFigures> CityFiguresAsync(string municipality, int year)
    {
        var poaKey = PoaKeys.Poa(municipality, year);
        var city = await grains.Grain<IPoaGrain>(poaKey).GetSummaryAsync();
        var figures = city.Figures;
        return new CityFigures(city.Key, year, city.Version, figures.Investment, figures.Actions, figures.Activities, figures.Findings,
            figures.BeneficiariesMen, figures.BeneficiariesWomen);
    }

    private async Task<(Department Department, IReadOnlyList<Finding> Findings, IReadOnlyList<ReportedProgress> Progress, IReadOnlyList<ApprovedProgramming> Approved)?> DepartmentOf(string key)
    {
        var view = await grains.Grain<IDepartmentGrain>(key).GetViewAsync();
        var name = view.Summary.Name;
        var snapshots = await Task.WhenAll(view.Actions.Where(a => !a.Deleted).OrderBy(a => a.Number)
            .Select(a => grains.Grain<IActionGrain>(a.Key).GetAsync()));
        var actions = new List<PoaAction>();
        var progress = new List<ReportedProgress>();
        foreach (var snapshot in snapshots)
        {
            if (snapshot is null)
                continue;
            var (action, reported) = ActionOf(name, snapshot);
            actions.Add(action);
            progress.AddRange(reported);
        }
        return (new Department(name, actions), view.Summary.Findings, progress,
            ApprovedOf(name, view.Summary.CycleOrStart, [.. snapshots.Where(s => s is not null).Select(s => s!)]));
    }

    /// <summary>The programming the department's last approval left, dated by that approval (its UTC day); none before the
    /// first approval.</summary>
    private static List<ApprovedProgramming> ApprovedOf(string department, DepartmentCycle cycle, IReadOnlyList<ActionSnapshot> snapshots)
    {
        var approval = cycle.ApprovalNumber;
        var approvedAt = cycle.History.LastOrDefault(e => e.Transition is CycleTransition.Approve or CycleTransition.ImportApproved)?.At;
        if (approval == 0 || approvedAt is not { } at)
            return [];
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return [.. snapshots.Select(s => new ApprovedProgramming(department, s.Action.Number, s.BaselineOf(approval), day))];
    }

    private static (PoaAction Action, IReadOnlyList<ReportedProgress> Progress) ActionOf(string department, ActionSnapshot snapshot)
    {
        var action = snapshot.Action;
        var progress = snapshot.Progress
            .SelectMany(a => a.Months.Select(p => ReportedProgress.Of(department, action.Number, a.ActivityId, p)))
            .ToList();
        return (action, progress);
    }

    private static ExportedPoa Combine(int year, List<(Department Department, IReadOnlyList<Finding> Findings, IReadOnlyList<ReportedProgress> Progress, IReadOnlyList<ApprovedProgramming> Approved)> departments) =>
        new(new PoaDocument(year, [.. departments.Select(d => d.Department)], [.. departments.SelectMany(d => d.Findings)]),
            [.. departments.SelectMany(d => d.Progress)], [.. departments.SelectMany(d => d.Approved)]);
}
