using GraphQL.Types;
using GraphQL.Validation.Complexity;
using GraphQLParser.AST;
using PoaPlatform.Domain.Rules;

namespace PoaPlatform.Server.GraphQL;

/// <summary>
/// How much a document may ask for (docs/decisions/0007). Every field costs 1 for each item of the lists around it,
/// so a document's complexity is about the number of values its answer can hold. A list counts as many items as it
/// can have: its page size (<c>first</c>, with its default, at most <see cref="Paging.MaxPageSize"/>) for pages and
/// the audit trail, the parent's <c>first</c> for a connection's <c>edges</c> and <c>nodes</c>, and the domain's bound
/// for the lists an action holds (twelve months, <see cref="PoaRules.MaxActivitiesPerAction"/> activities, ...).
/// Reading a POA and querying the audit table cost more than a value: <see cref="PoaRead"/> and <see cref="AuditRead"/>.
/// </summary>
public static class PoaComplexity
{
    /// <summary>Each <c>poa</c> (and <c>poaChanged</c>) field: a grain read, possibly an activation.</summary>
    public const double PoaRead = 100;

    /// <summary>Each <c>audit</c> field: a database query.</summary>
    public const double AuditRead = 20;

    /// <summary>Lists whose length nothing bounds in advance (breakdowns by axis, findings, field versions): as
    /// graphql-dotnet counts them by default.</summary>
    public const double UnboundedList = 20;

    /// <summary>How many departments a POA's <c>departments</c> list counts for. Not <see cref="PoaRules.MaxDepartmentsPerPoa"/>
    /// (1,000 since 0017): counted at that bound, the pages' own documents over the departments would pass the complexity
    /// limit. A city beyond 200 departments answers more values than its document was counted for; the time limit and
    /// the response cap still bound it (docs/decisions/0017).</summary>
    public const double DepartmentsCounted = 200;

    private static readonly Dictionary<string, double> s_bounds = new(StringComparer.Ordinal)
    {
        ["monthly"] = 12,
        ["progress"] = 12,
        ["activities"] = PoaRules.MaxActivitiesPerAction,
        ["budgetItems"] = PoaRules.MaxBudgetItemsPerAction,
        ["byChapter"] = 10,
        ["departments"] = DepartmentsCounted,
    };

    public static void Configure(ComplexityOptions complexity, GraphQLOptions limits)
    {
        ArgumentNullException.ThrowIfNull(complexity);
        ArgumentNullException.ThrowIfNull(limits);
        complexity.MaxDepth = limits.MaxDepth;
        complexity.MaxComplexity = limits.MaxComplexity;
        complexity.DefaultListImpactMultiplier = UnboundedList;
        complexity.DefaultComplexityImpactDelegate = Impact;
        // The document cache keeps an accepted document's complexity; a heavy one waits for its turn to execute.
        complexity.ValidateComplexityDelegate = context => context.Error is not null
            ? Task.CompletedTask
            : HeavyOperationGate.OnComplexityAsync(context.ValidationContext.UserContext, context.TotalImpact, context.ValidationContext.CancellationToken);
    }

    /// <summary>A field's own cost, and how many times its children are counted.</summary>
    public static FieldComplexityResult Impact(FieldImpactContext context)
    {
        var name = context.FieldDefinition.Name;
        var impact = name switch
        {
            "poa" or "poaChanged" => PoaRead,
            "audit" => AuditRead,
            _ => 1,
        };
        if (!IsList(context.FieldDefinition.ResolvedType))
            return new(impact, 1);
        if (First(context.Arguments) is { } first)
            return new(impact, first);
        // A connection's edges and nodes are as many as the page the connection field asked for.
        if (context.Parent is { } parent && !IsList(parent.FieldDefinition.ResolvedType) && First(parent.Arguments) is { } page)
            return new(impact, page);
        return new(impact, s_bounds.GetValueOrDefault(name, UnboundedList));
    }

    /// <summary>Whether a document's complexity can change with its variables: a page size (<c>first</c>) given as a
    /// variable changes it, and so does a directive whose argument is a variable (<c>@include(if: $x)</c> and
    /// <c>@skip</c> decide which fields are counted). A document with neither is counted once, when it is first
    /// validated.</summary>
    public static bool DependsOnVariables(GraphQLDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var definition in document.Definitions)
        {
            var varies = definition switch
            {
                GraphQLOperationDefinition operation => HasVariable(operation.Directives) || Varies(operation.SelectionSet),
                GraphQLFragmentDefinition fragment => HasVariable(fragment.Directives) || Varies(fragment.SelectionSet),
                _ => false,
            };
            if (varies)
                return true;
        }
        return false;
    }

    private static bool Varies(GraphQLSelectionSet selections)
    {
        foreach (var selection in selections.Selections)
        {
            var varies = selection switch
            {
                GraphQLField field => HasVariable(field.Directives) || PageSizeIsVariable(field.Arguments) ||
                    (field.SelectionSet is { } children && Varies(children)),
                GraphQLInlineFragment inline => HasVariable(inline.Directives) || Varies(inline.SelectionSet),
                GraphQLFragmentSpread spread => HasVariable(spread.Directives),
                _ => true,
            };
            if (varies)
                return true;
        }
        return false;
    }

    private static bool PageSizeIsVariable(GraphQLArguments? arguments)
    {
        foreach (var argument in arguments?.Items ?? [])
        {
            if (argument.Name == PageSize && argument.Value is GraphQLVariable)
                return true;
        }
        return false;
    }

    private static bool HasVariable(GraphQLDirectives? directives)
    {
        foreach (var directive in directives?.Items ?? [])
        {
            foreach (var argument in directive.Arguments?.Items ?? [])
            {
                if (argument.Value is GraphQLVariable)
                    return true;
            }
        }
        return false;
    }

    private const string PageSize = "first";

    private static double? First(IDictionary<string, global::GraphQL.Execution.ArgumentValue>? arguments) =>
        arguments?.TryGetValue(PageSize, out var value) == true && value.Value is int first
            ? Math.Clamp(first, 0, Paging.MaxPageSize)
            : null;

    private static bool IsList(IGraphType? type) =>
        (type is NonNullGraphType nonNull ? nonNull.ResolvedType : type) is ListGraphType;
}
