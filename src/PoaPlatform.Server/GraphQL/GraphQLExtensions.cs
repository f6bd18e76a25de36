using Microsoft.Extensions.DependencyInjection.Extensions;
using GraphQL;
using PoaPlatform.Grains.Import;
using PoaPlatform.Server.Actions;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.Departments;

namespace PoaPlatform.Server.GraphQL;

public static class GraphQLExtensions
{
    /// <summary>The schema with its limits, the error shape, and the per-request loaders.</summary>
    public static IHostApplicationBuilder AddPoaGraphQL(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GraphQLOptions>().BindConfiguration(GraphQLOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ComplianceOptions>().BindConfiguration(ComplianceOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.IsOrdered, "Compliance thresholds must satisfy YellowMin <= GreenMin <= GreenMax <= YellowMax.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ComplianceCalculator>();
        builder.Services.AddScoped<ActionLoader>();
        builder.Services.AddScoped<DepartmentViewLoader>();
        builder.Services.AddSingleton<PoaImporter>();
        builder.Services.AddSingleton(typeof(EdgeType<,>));

        var limits = builder.Configuration.GetSection(GraphQLOptions.Section).Get<GraphQLOptions>() ?? new GraphQLOptions();
        builder.Services.AddGraphQL(graphQL => graphQL
            .AddSchema<PoaSchema>()
            .AddGraphTypes(typeof(PoaSchema).Assembly)
            .AddSystemTextJson()
            .AddErrorInfoProvider<PoaErrorInfoProvider>()
            .AddComplexityAnalyzer(complexity =>
            {
                complexity.MaxDepth = limits.MaxDepth;
                complexity.MaxComplexity = limits.MaxComplexity;
            })
            .AddUnhandledExceptionHandler(context =>
            {
                var logger = (context.Context?.RequestServices ?? context.ExecutionOptions?.RequestServices)?.GetService<ILogger<PoaSchema>>();
                logger?.LogError(context.OriginalException, "A GraphQL resolver failed: {Path}", context.FieldContext?.Path);
            }));
        return builder;
    }
}
