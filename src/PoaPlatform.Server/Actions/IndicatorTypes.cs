using GraphQL.Types;

namespace PoaPlatform.Server.Actions;

public sealed class MirLevelType : EnumerationGraphType<MirLevel>
{
    public MirLevelType()
    {
        Name = "MirLevel";
        Description = "The level of the Matriz de Indicadores para Resultados: FIN, PROPOSITO, COMPONENTE, ACTIVIDAD.";
    }
}

public sealed class IndicatorFrequencyType : EnumerationGraphType<IndicatorFrequency>
{
    public IndicatorFrequencyType()
    {
        Name = "IndicatorFrequency";
        Description = "How often the indicator is measured; compliance is judged at the end of each period (a TRIMESTRAL one at MAR, JUN, SEP, DIC).";
    }
}

public sealed class IndicatorTypeType : EnumerationGraphType<IndicatorType>
{
    public IndicatorTypeType()
    {
        Name = "IndicatorType";
        Description = "ESTRATEGICO (the program's objectives) or GESTION (the processes that deliver them).";
    }
}

public sealed class IndicatorDimensionType : EnumerationGraphType<IndicatorDimension>
{
    public IndicatorDimensionType()
    {
        Name = "IndicatorDimension";
        Description = "EFICACIA, EFICIENCIA, CALIDAD, ECONOMIA.";
    }
}

public sealed class IndicatorDirectionType : EnumerationGraphType<IndicatorDirection>
{
    public IndicatorDirectionType()
    {
        Name = "IndicatorDirection";
        Description = "Which way is good: ASCENDENTE (more), DESCENDENTE (less: judged as 2 − achieved/programmed), CONSTANTE (on target: 1 − |achieved/programmed − 1|).";
    }
}

/// <summary>The indicator sheet (ficha técnica) of an activity's or an action's indicator.</summary>
public sealed class IndicatorSheetType : ObjectGraphType<IndicatorSheet>
{
    public IndicatorSheetType()
    {
        Name = "IndicatorSheet";
        Description = "Ficha técnica of an indicator; every field is optional, and missing lists what a complete sheet still lacks.";
        Field<MirLevelType>("level").Resolve(c => c.Source.Level);
        Field(s => s.Definition);
        Field(s => s.Method).Description("Método de cálculo, as text (e.g. (A / B) × 100).");
        Field(s => s.Numerator).Description("The name of the method's numerator variable.");
        Field(s => s.Denominator).Description("The name of the method's denominator variable.");
        Field(s => s.Unit);
        Field<IndicatorFrequencyType>("frequency").Resolve(c => c.Source.Frequency);
        Field<IndicatorTypeType>("type").Resolve(c => c.Source.Type);
        Field<IndicatorDimensionType>("dimension").Resolve(c => c.Source.Dimension);
        Field<IndicatorDirectionType>("direction").Resolve(c => c.Source.Direction);
        Field(s => s.BaselineValue, nullable: true);
        Field(s => s.BaselineYear, nullable: true);
        Field(s => s.MeansOfVerification);
        Field(s => s.Assumptions);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("missing")
            .Description("The fields a complete sheet has and this one lacks (level, definition, method, ...).")
            .Resolve(c => c.Source.Missing());
    }
}

public sealed class IndicatorSheetInput
{
    public MirLevel? Level { get; set; }

    public string? Definition { get; set; }

    public string? Method { get; set; }

    public string? Numerator { get; set; }

    public string? Denominator { get; set; }

    public string? Unit { get; set; }

    public IndicatorFrequency? Frequency { get; set; }

    public IndicatorType? Type { get; set; }

    public IndicatorDimension? Dimension { get; set; }

    public IndicatorDirection? Direction { get; set; }

    public decimal? BaselineValue { get; set; }

    public int? BaselineYear { get; set; }

    public string? MeansOfVerification { get; set; }

    public string? Assumptions { get; set; }

    /// <summary>The whole sheet the input gives: a sheet is replaced as a whole (a field not given is empty).</summary>
    public IndicatorSheet ToSheet() => new(Level, Definition?.Trim() ?? "", Method?.Trim() ?? "", Numerator?.Trim() ?? "",
        Denominator?.Trim() ?? "", Unit?.Trim() ?? "", Frequency, Type, Dimension, Direction, BaselineValue, BaselineYear,
        MeansOfVerification?.Trim() ?? "", Assumptions?.Trim() ?? "");
}

public sealed class IndicatorSheetInputType : InputObjectGraphType<IndicatorSheetInput>
{
    public IndicatorSheetInputType()
    {
        Name = "IndicatorSheetInput";
        Description = "A whole indicator sheet: it replaces the one there, and a field left out is empty.";
        Field<MirLevelType>("level");
        Field(s => s.Definition, nullable: true);
        Field(s => s.Method, nullable: true);
        Field(s => s.Numerator, nullable: true);
        Field(s => s.Denominator, nullable: true);
        Field(s => s.Unit, nullable: true);
        Field<IndicatorFrequencyType>("frequency");
        Field<IndicatorTypeType>("type");
        Field<IndicatorDimensionType>("dimension");
        Field<IndicatorDirectionType>("direction");
        Field(s => s.BaselineValue, nullable: true);
        Field(s => s.BaselineYear, nullable: true);
        Field(s => s.MeansOfVerification, nullable: true);
        Field(s => s.Assumptions, nullable: true);
    }
}
