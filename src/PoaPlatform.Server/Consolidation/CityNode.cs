using PoaPlatform.Abstractions.Consolidation;

namespace PoaPlatform.Server.Consolidation;

/// <summary>A city's POA as the query sees it: who asked for it and the city grain's summary.</summary>
public sealed record CityNode(string Municipality, int Year, CitySummary Summary)
{
    public string Key => Summary.Key;
}
