using GraphQL;
using GraphQL.DI;
using GraphQL.Telemetry;
using GraphQLParser.AST;

namespace PoaPlatform.Server.Telemetry;

/// <summary>One span per GraphQL operation, whatever its transport, named by it ("mutation ReportProgress"), from
/// graphql-dotnet's own telemetry; failed operations mark it as an error.</summary>
public sealed class PoaGraphQLTelemetry(GraphQLTelemetryOptions options) : GraphQLTelemetryProvider(options)
{
    protected override Task SetResultTagsAsync(System.Diagnostics.Activity activity, ExecutionOptions executionOptions, ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Errors is { Count: > 0 } errors)
            activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, errors[0].Message);
        return base.SetResultTagsAsync(activity, executionOptions, result);
    }
}

/// <summary>Counts each mutation field of an operation that validated and ran, by its schema name and outcome, and
/// each CONFLICT among its errors. Documents that did not validate count nothing: their field names are the
/// client's invention, and labelling metrics with them would let any request create series.</summary>
public sealed class PoaOperationMetrics(PoaTelemetry telemetry) : IConfigureExecution
{
    public float SortOrder => 300;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(options);
        if (!result.Executed || result.Operation is not { Operation: OperationType.Mutation } operation)
            return result;
        foreach (var field in operation.SelectionSet.Selections.OfType<GraphQLField>())
        {
            var kind = field.Name.StringValue;
            var alias = field.Alias?.Name.StringValue ?? kind;
            var failed = result.Errors?.Where(e => e.Path?.FirstOrDefault() is string first && first == alias).ToList() ?? [];
            telemetry.Mutation(kind, failed.Count == 0 ? "ok" : failed[0].Code ?? "error");
            if (failed.Any(e => e.Code == "CONFLICT"))
                telemetry.Conflict(kind);
        }
        return result;
    }
}
