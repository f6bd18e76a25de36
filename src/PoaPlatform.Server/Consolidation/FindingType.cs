using GraphQL.Types;

namespace PoaPlatform.Server.Consolidation;

public sealed class FindingType : ObjectGraphType<Finding>
{
    public FindingType()
    {
        Name = "Finding";
        Description = "An inconsistency detected in the POA. Findings never stop an import.";
        Field(f => f.Code).Description("ACTION_INVESTMENT_MISMATCH, ANNUAL_TARGET_MISMATCH, ...");
        Field<NonNullGraphType<FindingSeverityType>>("severity").Resolve(c => c.Source.Severity);
        Field(f => f.Message);
        Field(f => f.Line, nullable: true).Description("Line of the imported text.");
        Field(f => f.ActionNumber, nullable: true);
        Field(f => f.Expected, nullable: true);
        Field(f => f.Actual, nullable: true);
        Field(f => f.Department, nullable: true);
    }
}

public sealed class FindingSeverityType : EnumerationGraphType<FindingSeverity>
{
    public FindingSeverityType() => Name = "FindingSeverity";
}
