using Microsoft.Extensions.Options;

namespace WeGate.Server.Hosting;

// What a settings validator finds in one section, each failure naming the full setting path, the value
// it has and what to set instead (docs/configuration.md#how-settings-are-checked).
internal sealed class SettingChecks(string section)
{
    private readonly List<string> _failures = [];

    public void Range(string key, long value, long min, long max)
    {
        if (value < min || value > max)
            Fail(key, $"must be between {min} and {max}; it is {value}.");
    }

    // Unset is fine: the setting then has its default.
    public void HttpUrl(string key, string? value, string example)
    {
        if (value is not null && !IsHttpUrl(value))
            Fail(key, $"must be an absolute http or https URL such as {example}; it is '{value}'.");
    }

    public void Fail(string key, string problem) => _failures.Add($"{section}:{key} {problem}");

    public void Add(IEnumerable<string> failures) => _failures.AddRange(failures);

    public ValidateOptionsResult Result() => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

internal static class CheckedOptions
{
    // Binds a section and checks it when WeGate is built, before any command runs (WeGateApp.Build), and
    // again when the host starts.
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, string section, IValidateOptions<T> validation) where T : class
    {
        services.AddSingleton(validation);
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }
}
