namespace PoaPlatform.Grains;

/// <summary>Storage names. Each grain class has its own state name: the ADO.NET provider keys rows by state name and
/// grain id, so two grain types sharing a state name and a key would overwrite each other.</summary>
/// <remarks>These names are in every stored row: never change one (the POA's state is still called "city", its name
/// before the aggregate was called Poa everywhere else).</remarks>
public static class PoaStorage
{
    /// <summary>The grain storage provider every POA grain uses.</summary>
    public const string Provider = "poa";

    public const string ActionState = "action";
    public const string DepartmentState = "department";
    public const string PoaState = "city";

    /// <summary>The department's roll-up snapshot (its actions' summaries), a row of its own: written lazily, never
    /// with the membership, so a membership write stays small.</summary>
    public const string DepartmentRollUp = "departmentRollUp";

    /// <summary>The POA's roll-up snapshot (its departments' summaries), a row of its own.</summary>
    public const string PoaRollUp = "poaRollUp";
}
