using GraphQL;
using GraphQL.Types;

namespace PoaPlatform.Server.Consolidation;

public sealed class FindingType : ObjectGraphType<Finding>
{
    public FindingType()
    {
        Name = "Finding";
        Description = "An inconsistency detected in the POA. Findings never stop an import. The message is rendered from the code and " +
                      "parameters in the language asked for: message(language: ES) for pages in Spanish.";
        Field(f => f.Code).Description("ACTION_INVESTMENT_MISMATCH, ANNUAL_TARGET_MISMATCH, UNREAD_CELL, ...");
        Field<NonNullGraphType<FindingSeverityType>>("severity").Resolve(c => c.Source.Severity);
        Field<NonNullGraphType<StringGraphType>>("message")
            .Description("The finding in words, rendered from its code and parameters (English by default).")
            .Argument<NonNullGraphType<FindingLanguageType>>("language", a => a.DefaultValue = FindingLanguage.English)
            .Resolve(c => c.Source.MessageIn(c.GetArgument<FindingLanguage>("language")));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FindingParameterType>>>>("parameters")
            .Description("What the message says, by name; amounts and quantities in invariant culture (4181100.00).")
            .Resolve(c => c.Source.Parameters ?? []);
        Field(f => f.Line, nullable: true).Description("Line of the imported text, or row of the worksheet named by sheet.");
        Field(f => f.Sheet, nullable: true).Description("Worksheet of an imported workbook; null for text.");
        Field(f => f.Column, nullable: true).Description("Column (1 = A; the tab-separated cell of a text line) of the cell a finding is about; null for an action checked outside its file.");
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

public sealed class FindingParameterType : ObjectGraphType<FindingParameter>
{
    public FindingParameterType()
    {
        Name = "FindingParameter";
        Field(p => p.Name);
        Field(p => p.Value);
    }
}

/// <summary>EN or ES: the languages a finding's message is rendered in.</summary>
public sealed class FindingLanguageType : EnumerationGraphType
{
    public FindingLanguageType()
    {
        Name = "FindingLanguage";
        Description = "The language of a rendered text: EN (English) or ES (español, es-MX).";
        Add("EN", FindingLanguage.English, "English.");
        Add("ES", FindingLanguage.Spanish, "Español (es-MX).");
    }
}
