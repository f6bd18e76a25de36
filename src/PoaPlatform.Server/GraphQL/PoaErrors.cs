using GraphQL;
using GraphQL.Execution;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Server.Actions;

namespace PoaPlatform.Server.GraphQL;

/// <summary>Error codes of the HTTP layer and of execution, beside the command codes of <see cref="ErrorCodes"/>.</summary>
public static class PoaErrors
{
    public const string Internal = "INTERNAL";
    public const string Timeout = "TIMEOUT";
    public const string BadRequest = "BAD_REQUEST";
    public const string BadCursor = "BAD_CURSOR";
    public const string BadPoaFormat = "BAD_POA_FORMAT";

    /// <summary>The document is beyond GraphQL:MaxTokens, MaxFields or MaxParserDepth; it was not validated.</summary>
    public const string DocumentTooLarge = "DOCUMENT_TOO_LARGE";

    /// <summary>The answer is beyond GraphQL:MaxResponseBytes; it was not sent.</summary>
    public const string ResponseTooLarge = "RESPONSE_TOO_LARGE";

    /// <summary>A WebSocket limit: too many sockets from one address or in all, too many operations on one socket.</summary>
    public const string TooManyRequests = "TOO_MANY_REQUESTS";

    /// <summary>A command's refusal as a GraphQL error: the code, and for a conflict what changed since.</summary>
    public static ExecutionError From(CommandError error)
    {
        var result = new ExecutionError(error.Message) { Code = error.Code, Extensions = [] };
        if (error.Field is not null)
            result.Extensions!["field"] = error.Field;
        if (error.CurrentVersion is { } version)
            result.Extensions!["currentVersion"] = version;
        if (error.Code == ErrorCodes.Conflict)
        {
            if (FieldPath.TryParse(error.Field, out var path))
                (result.Extensions!["kind"], result.Extensions["activityId"], result.Extensions["month"]) = (FieldKindNames.Of(path.Kind), path.ActivityId, path.Month);
            result.Extensions!["currentValue"] = error.CurrentValue;
            result.Extensions!["changedSince"] = (error.ChangedSince ?? [])
                .Select(c => new Dictionary<string, object?>
                {
                    ["path"] = c.Path.ToString(),
                    ["kind"] = FieldKindNames.Of(c.Path.Kind),
                    ["activityId"] = c.Path.ActivityId,
                    ["month"] = c.Path.Month,
                    ["version"] = c.Version,
                    ["value"] = c.Value,
                })
                .ToList();
        }
        // A status that does not allow the command: the status and what it allows, as GraphQL names them (EN_REVISION).
        if (error.Code is ErrorCodes.InvalidTransition or ErrorCodes.Locked && error.CurrentValue is { } status)
            result.Extensions!["currentValue"] = status.ToConstantCase();
        if (error.Allowed is { } allowed)
            result.Extensions!["allowed"] = allowed.Select(a => a.ToConstantCase()).ToList();
        return result;
    }

    public static ExecutionError Of(string code, string message, string? field = null)
    {
        var error = new ExecutionError(message) { Code = code };
        if (field is not null)
            error.Extensions = new() { ["field"] = field };
        return error;
    }
}

/// <summary>Shapes every error: a code always, never a stack trace, a generic message for what we did not expect.</summary>
public sealed class PoaErrorInfoProvider() : ErrorInfoProvider(options =>
{
    options.ExposeExceptionDetails = false;
    options.ExposeCodes = false;
    options.ExposeData = false;
})
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        ArgumentNullException.ThrowIfNull(executionError);
        var info = base.GetInfo(executionError);
        var extensions = info.Extensions ?? new Dictionary<string, object?>();
        switch (executionError)
        {
            case TimeoutError:
                extensions["code"] = PoaErrors.Timeout;
                break;
            case UnhandledError:
                // The exception was logged by the unhandled-exception handler; its message stays on the server.
                info.Message = "Internal server error.";
                extensions["code"] = PoaErrors.Internal;
                break;
            default:
                if (!extensions.ContainsKey("code"))
                    extensions["code"] = PoaErrors.BadRequest;
                break;
        }
        if (executionError.Extensions is { } own)
        {
            foreach (var (key, value) in own)
                extensions[key] = value;
        }
        info.Extensions = extensions;
        return info;
    }
}
