using GraphQL;
using GraphQL.Validation.Rules.Custom;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PoaPlatform.Grains.Import;
using PoaPlatform.Server.Actions;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.Departments;
using PoaPlatform.Server.Hosting;
using PoaPlatform.Server.Telemetry;

namespace PoaPlatform.Server.GraphQL;

public static class GraphQLExtensions
{
    /// <summary>
    /// The schema and the one execution setup every transport shares (HTTP, WebSocket): the document cache, the
    /// limits of a document (tokens, fields, nesting) before validation, depth and complexity, the time limit of
    /// validation and execution, the operation span and metrics, the error shape, the size of an answer
    /// (<see cref="ResponseWriter"/>). A transport only reads a request, hands graphql-dotnet the query, the variables,
    /// the user and its services, and writes the answer with the <see cref="ResponseWriter"/>.
    /// </summary>
    public static IHostApplicationBuilder AddPoaGraphQL(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GraphQLOptions>().BindSettings(GraphQLOptions.Section);
        builder.Services.AddOptions<ComplianceOptions>().BindSettings(ComplianceOptions.Section)
            .Check(o => o.IsOrdered ? null : $"Compliance:YellowMin={o.YellowMin}, GreenMin={o.GreenMin}, GreenMax={o.GreenMax}, YellowMax={o.YellowMax}: allowed when YellowMin <= GreenMin <= GreenMax <= YellowMax.");
        builder.Services.AddOptions<Budget.BudgetOptions>().BindSettings(Budget.BudgetOptions.Section).Check(o => o.Problem());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ComplianceCalculator>();
        builder.Services.AddScoped<ActionLoader>();
        builder.Services.AddScoped<DepartmentViewLoader>();
        builder.Services.AddScoped<Cycle.PoaCalendarLoader>();
        builder.Services.AddSingleton(sp => new Persistence.CommentStore(sp.GetRequiredService<Persistence.StorageTarget>()));
        // The red-light rule of progress reports uses the configured traffic light.
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ComplianceOptions>>().Value.ToThresholds());
        builder.Services.AddSingleton<PoaImporter>();
        builder.Services.AddSingleton(typeof(EdgeType<,>));
        builder.Services.AddSingleton<ResponseWriter>();

        var limits = builder.Configuration.Read<GraphQLOptions>(GraphQLOptions.Section);
        builder.Services.AddGraphQL(graphQL => graphQL
            .AddSchema<PoaSchema>()
            .AddGraphTypes(typeof(PoaSchema).Assembly)
            .AddSystemTextJson()
            .AddErrorInfoProvider<PoaErrorInfoProvider>()
            .AddComplexityAnalyzer(complexity => PoaComplexity.Configure(complexity, limits))
            .AddValidationRule<QueriesOnlyOverGetRule>(useForCachedDocuments: true)
            // For queries and mutations; a subscription's time limit covers only its start, not its lifetime.
            .WithTimeout(limits.Timeout)
            .ConfigureExecution<DocumentCache>()
            .ConfigureExecution<DocumentLimits>()
            .ConfigureExecution<HeavyOperationGate>()
            .UseTelemetry<PoaGraphQLTelemetry>()
            .ConfigureExecution<PoaOperationMetrics>()
            .AddUnhandledExceptionHandler(context =>
            {
                var logger = (context.Context?.RequestServices ?? context.ExecutionOptions?.RequestServices)?.GetService<ILogger<PoaSchema>>();
                logger?.LogError(context.OriginalException, "A GraphQL resolver failed: {Path}", context.FieldContext?.Path);
            }));
        return builder;
    }

    /// <summary>What every transport sends to the executer: the request, who sends it, the services of its scope.</summary>
    public static ExecutionOptions ToExecutionOptions(this global::GraphQL.Transport.GraphQLRequest request,
        System.Security.Claims.ClaimsPrincipal user, IServiceProvider services, CancellationToken cancellationToken) => new()
    {
        Query = request.Query,
        OperationName = request.OperationName,
        Variables = request.Variables,
        Extensions = request.Extensions,
        User = user,
        RequestServices = services,
        CancellationToken = cancellationToken,
    };
}
