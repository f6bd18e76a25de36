namespace PoaPlatform.Grains.Actions;

/// <summary>The durable state of an action: its programming, progress, field versions and audit outbox.</summary>
[GenerateSerializer, Alias("poa.ActionState")]
public sealed class ActionState
{
    /// <summary>Grows by one per change, never reused, also across delete and re-create.</summary>
    [Id(0)] public long Version { get; set; }

    /// <summary>Null while the action does not exist (never created, or deleted).</summary>
    [Id(1)] public ActionFields? Fields { get; set; }

    [Id(2)] public List<ActivityState> Activities { get; set; } = [];

    /// <summary>The version that last changed each field (see <see cref="FieldNames"/>).</summary>
    [Id(3)] public Dictionary<string, long> FieldVersions { get; set; } = new(StringComparer.Ordinal);

    [Id(4)] public int NextActivityId { get; set; } = 1;

    /// <summary>Audit entries stored atomically with the state and copied to the audit table after the write.</summary>
    [Id(5)] public List<AuditEntry> Outbox { get; set; } = [];

    public bool Exists => Fields is not null;

    public ActivityState? Activity(int id) => Activities.Find(a => a.Id == id);
}

/// <summary>An activity with its progress: achieved, spent and a note per month (index 0 = ENE).</summary>
[GenerateSerializer, Alias("poa.ActivityState")]
public sealed class ActivityState
{
    [Id(0)] public int Id { get; set; }

    [Id(1)] public Activity Programming { get; set; } = null!;

    [Id(2)] public decimal[] Achieved { get; set; } = new decimal[12];

    [Id(3)] public decimal[] Spent { get; set; } = new decimal[12];

    [Id(4)] public string?[] Notes { get; set; } = new string?[12];
}

/// <summary>Names of the versioned fields: a command conflicts only when a field it touches changed after the version
/// its editor saw.</summary>
public static class FieldNames
{
    public const string Name = "name";
    public const string Axes = "axes";
    public const string Goal = "goal";
    public const string Objective = "objective";
    public const string Strategy = "strategy";
    public const string Purpose = "purpose";
    public const string Beneficiaries = "beneficiaries";
    public const string Investment = "investment";
    public const string BudgetItems = "budgetItems";

    /// <summary>The existence of the action itself (create, delete).</summary>
    public const string Action = "action";

    public static string Activity(int id) => $"activity/{id}";

    public static string ActivityField(int id, string field) => $"activity/{id}/{field}";

    public static string Target(int id, int month) => $"activity/{id}/target/{month}";

    public static string Progress(int id, int month) => $"activity/{id}/progress/{month}";

    /// <summary>Every field of an activity starts with this prefix.</summary>
    public static string ActivityPrefix(int id) => $"activity/{id}/";
}
