using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace PoaPlatform.Server.Hosting;

/// <summary>Settings are checked before anything starts; each problem is one line naming the setting, its value and
/// what is allowed (<c>GraphQL:MaxRequestBytes=100000000: allowed 1024 to 67108864</c>), and the process exits with
/// code 2 (<see cref="ExitCode"/>) instead of a stack trace.</summary>
public static partial class Settings
{
    /// <summary>The exit code of a start refused for its settings (sysexits' EX_USAGE is 64; 2 is what shells use for misuse).</summary>
    public const int ExitCode = 2;

    /// <summary>Binds <paramref name="section"/>, checks the data annotations of <typeparamref name="T"/> with one line
    /// per problem, and checks it again before the host starts.</summary>
    public static OptionsBuilder<T> BindSettings<T>(this OptionsBuilder<T> options, string section) where T : class
    {
        options.BindConfiguration(section);
        options.Services.AddSingleton<IValidateOptions<T>>(new AnnotationValidator<T>(options.Name, section));
        var name = options.Name;
        options.Services.AddSingleton(new SettingsCheck(services => services.GetRequiredService<IOptionsMonitor<T>>().Get(name)));
        return options.ValidateOnStart();
    }

    /// <summary>A rule across settings: <paramref name="problem"/> returns the line to show, or null when all is well.</summary>
    public static OptionsBuilder<T> Check<T>(this OptionsBuilder<T> options, Func<T, string?> problem) where T : class
    {
        options.Services.AddSingleton<IValidateOptions<T>>(new RuleValidator<T>(options.Name, problem));
        return options;
    }

    /// <summary>The settings a host needs while it is being built (the storage, the clustering, the GraphQL limits).
    /// When they break a rule the defaults are returned instead: the same rules, registered with
    /// <see cref="BindSettings{T}"/> and <see cref="Check{T}"/>, refuse the start in <see cref="CheckSettings"/> with every
    /// problem of every section at once.</summary>
    public static T Read<T>(this IConfiguration configuration, string section, params Func<T, string?>[] rules) where T : class, new()
    {
        try
        {
            var value = configuration.GetSection(section).Get<T>() ?? new T();
            return AnnotationValidator<T>.Problems(value, section).Any() || rules.Any(rule => rule(value) is not null) ? new T() : value;
        }
        catch (InvalidOperationException)
        {
            return new T();
        }
    }

    /// <summary>Runs the checks of every options class registered with <c>ValidateOnStart</c> now, so that a bad setting
    /// stops the start before the host logs anything about it.</summary>
    public static WebApplication CheckSettings(this WebApplication app)
    {
        // Each section on its own, so that a value of the wrong type in one does not hide the problems of the others.
        var failures = new List<Exception>();
        foreach (var check in app.Services.GetServices<SettingsCheck>())
        {
            try
            {
                check.Run(app.Services);
            }
            catch (Exception e) when (Problems(e).Count > 0)
            {
                failures.Add(e);
            }
        }
        if (failures.Count > 0)
            throw new AggregateException(failures);
        app.Services.GetService<IStartupValidator>()?.Validate();
        return app;
    }

    /// <summary>The one-line problems a failed start reports, or none when it failed for another reason.</summary>
    public static IReadOnlyList<string> Problems(Exception exception) => exception switch
    {
        OptionsValidationException invalid => invalid.Failures.Where(f => f.Length > 0).ToList(),
        AggregateException { InnerExceptions: var inner } when inner.All(e => Problems(e).Count > 0) => inner.SelectMany(Problems).ToList(),
        InvalidOperationException e when IsBindingFailure(e) => [Describe(e)],
        _ => [],
    };

    /// <summary>Writes the problems to standard error, one a line, and returns <see cref="ExitCode"/>.</summary>
    public static int Report(IReadOnlyList<string> problems, TextWriter error)
    {
        foreach (var problem in problems)
            error.WriteLine($"Invalid setting {problem}");
        error.WriteLine("The server did not start. Settings come from appsettings.json, environment variables (Section__Key) and --Section:Key=value arguments; see the README's configuration table.");
        return ExitCode;
    }

    // The configuration binder's own message names the setting and the type it could not become.
    private static bool IsBindingFailure(InvalidOperationException e) =>
        e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) ||
        e.Message.StartsWith("Failed to create instance", StringComparison.Ordinal);

    private static string Describe(InvalidOperationException e)
    {
        var match = BindingFailure().Match(e.Message);
        if (!match.Success)
            return e.Message.ReplaceLineEndings(" ");
        var (value, key, typeName) = (match.Groups["value"].Value, match.Groups["key"].Value, match.Groups["type"].Value);
        var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
        var allowed = type switch
        {
            { IsEnum: true } => string.Join(", ", Enum.GetNames(type)),
            _ when type == typeof(TimeSpan) => "a duration, hh:mm:ss",
            _ when type == typeof(bool) => "true or false",
            _ when type is not null && type.IsPrimitive => "a number",
            _ when type == typeof(decimal) => "a number",
            _ => $"a {typeName}",
        };
        return $"{key}={value}: allowed {allowed}.";
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'")]
    private static partial System.Text.RegularExpressions.Regex BindingFailure();

    internal static string Format(object? value) => value switch
    {
        null => "(empty)",
        string { Length: 0 } => "(empty)",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => string.Join(",", items.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? "",
    };

    private sealed class SettingsCheck(Action<IServiceProvider> run)
    {
        public void Run(IServiceProvider services) => run(services);
    }

    /// <summary>Data annotations as one line per property: the key, the value, what is allowed.</summary>
    private sealed class AnnotationValidator<T>(string? name, string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (name is not null && name != optionsName)
                return ValidateOptionsResult.Skip;
            var problems = Problems(options, section).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }

        public static IEnumerable<string> Problems(T options, string section)
        {
            foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var attributes = property.GetCustomAttributes<ValidationAttribute>().OrderBy(a => a is RequiredAttribute ? 0 : 1).ToList();
                if (attributes.Count == 0 || property.GetIndexParameters().Length > 0)
                    continue;
                var value = property.GetValue(options);
                var key = $"{section}:{property.Name}";
                // One line per setting: the first rule it breaks (an empty email is "required", not also "not an email").
                if (attributes.FirstOrDefault(a => !a.IsValid(value)) is { } attribute)
                {
                    yield return attribute switch
                    {
                        RangeAttribute range => $"{key}={Format(value)}: allowed {range.Minimum} to {range.Maximum}.",
                        RequiredAttribute => $"{key} is required and is empty.",
                        EmailAddressAttribute => $"{key}={Format(value)}: not an e-mail address.",
                        _ => $"{key}={Format(value)}: {attribute.FormatErrorMessage(key)}",
                    };
                }
            }
        }
    }

    private sealed class RuleValidator<T>(string? name, Func<T, string?> problem) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options) =>
            name is not null && name != optionsName ? ValidateOptionsResult.Skip
            : problem(options) is { } line ? ValidateOptionsResult.Fail(line)
            : ValidateOptionsResult.Success;
    }
}
