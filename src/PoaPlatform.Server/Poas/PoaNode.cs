using PoaPlatform.Abstractions.Poas;

namespace PoaPlatform.Server.Poas;

/// <summary>A POA as the query sees it: the municipality and year asked for, and the POA grain's summary.</summary>
public sealed record PoaNode(string Municipality, int Year, PoaSummary Summary)
{
    public string Key => Summary.Key;
}
