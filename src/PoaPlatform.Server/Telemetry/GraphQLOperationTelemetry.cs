using System.Diagnostics;
using GraphQL;
using GraphQLParser.AST;
using Activity = System.Diagnostics.Activity;

namespace PoaPlatform.Server.Telemetry;

/// <summary>One span per GraphQL operation, named by it ("mutation ReportProgress"), and the mutation metrics.</summary>
internal static class GraphQLOperationTelemetry
{
    public static Activity? Start(GraphQLOperationDefinition? operation)
    {
        var type = operation?.Operation.ToString().ToLowerInvariant() ?? "graphql";
        var name = operation?.Name?.StringValue;
        var activity = PoaTelemetry.Source.StartActivity(name is null ? type : $"{type} {name}", ActivityKind.Internal);
        activity?.SetTag("graphql.operation.type", type);
        if (name is not null)
            activity?.SetTag("graphql.operation.name", name);
        return activity;
    }

    /// <summary>Counts each mutation field of the operation, by kind and outcome, and each CONFLICT among its errors.</summary>
    public static void Record(PoaTelemetry telemetry, Activity? activity, GraphQLOperationDefinition? operation, ExecutionResult result)
    {
        if (result.Errors is { Count: > 0 } errors)
            activity?.SetStatus(ActivityStatusCode.Error, errors[0].Message);
        if (operation?.Operation != OperationType.Mutation)
            return;
        foreach (var field in operation.SelectionSet.Selections.OfType<GraphQLField>())
        {
            var kind = field.Name.StringValue;
            var alias = field.Alias?.Name.StringValue ?? kind;
            var failed = result.Errors?.Where(e => e.Path?.FirstOrDefault() is string first && first == alias).ToList() ?? [];
            telemetry.Mutation(kind, failed.Count == 0 ? "ok" : failed[0].Code ?? "error");
            if (failed.Any(e => e.Code == "CONFLICT"))
                telemetry.Conflict(kind);
        }
    }
}
