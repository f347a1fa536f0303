using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

// A real Kestrel host on 127.0.0.1 with the sandbox mounted at /sandbox, one per test class.
public class SandboxHost : IAsyncLifetime
{
    public const string NoRedirectClient = "no-redirect";

    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    private WebApplication? _app;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public Uri Root { get; private set; } = null!;

    // Warnings, errors and anything logged with an exception, from the sandbox and ASP.NET Core.
    public LogCapture Logs { get; } = new();

    public IHttpClientFactory HttpClients { get; private set; } = null!;

    public SandboxControlClient Control { get; private set; } = null!;

    // The options the sandbox runs with; tests may change them while it runs.
    public SandboxOptions Settings { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddHttpClient();
        builder.Services.AddHttpClient(NoRedirectClient)
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        _app = builder.Build();

        // Stands in for a caller on another machine, as forwarded-headers middleware would set it.
        _app.Use((http, next) =>
        {
            if (http.Request.Headers[RemoteAddressHeader].ToString() is { Length: > 0 } remote)
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            }

            return next(http);
        });
        Settings = Options();
        _app.MapWeChatSandbox("/sandbox", Settings);
        await _app.StartAsync();
        Root = new Uri(_app.Urls.First().TrimEnd('/') + "/sandbox/");
        HttpClients = _app.Services.GetRequiredService<IHttpClientFactory>();
        Control = new SandboxControlClient(HttpClients.CreateClient(), Root);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    public HttpClient Http() => HttpClients.CreateClient();

    // A client whose every request seems to come from `address`, another machine.
    public HttpClient RemoteHttp(string address = "192.0.2.10", bool redirects = true)
    {
        var http = redirects ? Http() : NoRedirectHttp();
        http.DefaultRequestHeaders.Add(RemoteAddressHeader, address);
        return http;
    }

    // For pages that answer with redirects the test wants to see, and cookies it sets by hand.
    public HttpClient NoRedirectHttp() => HttpClients.CreateClient(NoRedirectClient);

    protected virtual SandboxOptions Options() => new();

    // through: a handler that sees each HTTP attempt the client makes.
    public WeChatApiClient Client(TimeSpan? timeout = null, DelegatingHandler? through = null) => new(through is null ? Http() : new HttpClient(through), new WeChatClientOptions
    {
        Endpoints = WeChatEndpoints.Sandbox(Root),
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    });

    public AccessTokenCache Cache(WeChatApiClient client) => new(client, new InMemoryAccessTokenStore(), Clock);

    public Task<SandboxApp> AppAsync(SandboxAppType type, string? openPlatformAccount = "open-account-1") =>
        Control.CreateAppAsync(new CreateAppRequest(type) { OpenPlatformAccount = openPlatformAccount });

    public Task<Persona> PersonaAsync(string? phone = null, bool snapshot = false) =>
        Control.CreatePersonaAsync(new Persona("p-" + Guid.NewGuid().ToString("N")[..12]) { Phone = phone, Snapshot = snapshot, Nickname = "Mei" });
}
