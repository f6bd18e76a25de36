using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Actions;

namespace PoaPlatform.Server.Actions;

/// <summary>An action as the query sees it: its key, and its summary when it came from a department's list.</summary>
/// <remarks>Fields the summary holds are answered from it; the others go through <see cref="ActionLoader"/>.</remarks>
public sealed record ActionNode(int Year, string Key, ActionSummary? Summary)
{
    public string Department => PoaKeys.Leaf(PoaKeys.Parent(Key));

    public int Number => Summary?.Number ?? PoaKeys.ActionNumber(Key);
}
