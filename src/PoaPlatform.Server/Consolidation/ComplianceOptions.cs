using System.ComponentModel.DataAnnotations;
using PoaPlatform.Domain.Consolidation;

namespace PoaPlatform.Server.Consolidation;

/// <summary>The semáforo thresholds in percent of the programmed quantity (section <c>Compliance</c>).</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    [Range(0, 1000)]
    public decimal GreenMin { get; set; } = 90;

    [Range(0, 1000)]
    public decimal GreenMax { get; set; } = 110;

    [Range(0, 1000)]
    public decimal YellowMin { get; set; } = 70;

    [Range(0, 1000)]
    public decimal YellowMax { get; set; } = 130;

    public bool IsOrdered => YellowMin <= GreenMin && GreenMin <= GreenMax && GreenMax <= YellowMax;

    public TrafficLightThresholds ToThresholds() => new(GreenMin / 100, GreenMax / 100, YellowMin / 100, YellowMax / 100);
}
