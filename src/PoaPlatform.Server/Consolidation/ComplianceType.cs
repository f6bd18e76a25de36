using GraphQL.Types;
using PoaPlatform.Domain.Consolidation;

namespace PoaPlatform.Server.Consolidation;

public sealed class ComplianceType : ObjectGraphType<MonthCompliance>
{
    public ComplianceType()
    {
        Name = "Compliance";
        Description = "Cumplimiento: cumulative achieved over cumulative programmed up to a month, with its traffic light.";
        Field(c => c.UpToMonth);
        Field<NonNullGraphType<IntGraphType>>("judgedAtMonth")
            .Description("The month the figures are taken to: upToMonth, or for an indicator measured quarterly, half-yearly or yearly the end of its last complete period (MAR, JUN, SEP, DIC); before its first period ends there is nothing to judge and the light is NONE.")
            .Resolve(c => c.Source.JudgedAt);
        Field<NonNullGraphType<DecimalGraphType>>("programmed").Resolve(c => c.Source.Compliance.Programmed);
        Field<NonNullGraphType<DecimalGraphType>>("achieved").Resolve(c => c.Source.Compliance.Achieved);
        Field<DecimalGraphType>("ratio").Description("Achieved / programmed in the indicator's direction (2 − achieved/programmed for a descending one, 1 − |achieved/programmed − 1| for a constant one); null when nothing was programmed.")
            .Resolve(c => c.Source.Compliance.Ratio);
        Field<NonNullGraphType<TrafficLightType>>("light").Resolve(c => c.Source.Compliance.Light);
    }
}

public sealed class TrafficLightType : EnumerationGraphType<TrafficLight>
{
    public TrafficLightType()
    {
        Name = "TrafficLight";
        Description = "Semáforo: GREEN within the green band, YELLOW within the yellow band, RED beyond, NONE when nothing was programmed nor achieved.";
    }
}
