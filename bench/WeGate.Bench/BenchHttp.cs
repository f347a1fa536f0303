using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace WeGate.Bench;

// The bench's HTTP clients come from IHttpClientFactory (BannedSymbols.txt): one pooled handler shared by
// every virtual user, as many browsers share one server's connection limit. No redirects are followed,
// because each step's answer is checked and timed; no cookies are kept, because each login is a new
// browser (a kept wegate_sso cookie would let WeGate skip the login page).
internal static class BenchHttp
{
    private const string Name = "wegate";

    public static ServiceProvider Services(Uri baseUrl)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(Name, client =>
            {
                client.BaseAddress = baseUrl;
                // Each login has its own deadline (--timeout), passed as a cancellation token.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            })
            // Per-request logging would cost the load generator CPU that WeGate needs on a shared machine.
            .RemoveAllLoggers();
        return services.BuildServiceProvider();
    }

    public static HttpClient Client(IServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(Name);

    // A token endpoint answer must be 200 with an access token; anything else fails the login with the
    // OAuth error, and a 429 says which setting caps the run.
    public static async Task<string> AccessTokenAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new LoginFailure(Describe(response, body));
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("access_token", out var token) && token.GetString() is { Length: > 0 } value
            ? value
            : throw new LoginFailure("200 without an access_token");
    }

    public static string Describe(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var text = $"HTTP {status}";
        if (body.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                if (root.TryGetProperty("error", out var error))
                    text += $" {error.GetString()}" + (root.TryGetProperty("error_description", out var description) ? $": {description.GetString()}" : "");
                else if (root.TryGetProperty("detail", out var detail))
                    text += $": {detail.GetString()}";
            }
            catch (JsonException)
            {
            }
        }
        if (status == 429)
            text += " (WeGate's rate limit: raise WeGate:Oidc:RateLimits:PerIpPerMinute and PerClientPerMinute for a benchmark, as bench/run.sh does)";
        return text;
    }
}

// A login that did not end in tokens: what the step got instead.
internal sealed class LoginFailure : Exception
{
    public LoginFailure()
    {
    }

    public LoginFailure(string message) : base(message)
    {
    }

    public LoginFailure(string message, Exception inner) : base(message, inner)
    {
    }
}
