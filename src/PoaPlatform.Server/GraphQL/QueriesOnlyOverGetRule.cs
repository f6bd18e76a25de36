using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace PoaPlatform.Server.GraphQL;

/// <summary>GET runs queries only (GraphQL over HTTP): a mutation sent by GET is refused before anything runs, and the
/// HTTP endpoint answers it with 405. The transport marks a GET request in the user context.</summary>
public sealed class QueriesOnlyOverGetRule : ValidationRuleBase, ICachedDocumentRule
{
    public const string HttpGetKey = "poa.httpGet";

    public const string Code = "METHOD_NOT_ALLOWED";

    /// <summary>A cached document sent by POST needs no check here.</summary>
    public bool AppliesTo(ExecutionOptions options) => options?.UserContext.ContainsKey(HttpGetKey) == true;

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.UserContext.ContainsKey(HttpGetKey) && context.Operation.Operation != OperationType.Query)
        {
            context.ReportError(new ValidationError(context.Document.Source, Code,
                $"{context.Operation.Operation.ToString().ToLowerInvariant()} operations are sent with POST; GET runs queries only.",
                context.Operation) { Code = Code });
        }
        return default;
    }
}
