using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using WeGate.Core.Secrets;
using WeGate.Server.Hosting;
using WeGate.Testing;

namespace WeGate.Server.Tests;

// The whole WeGate server on a real loopback port, over a test database, driven through real HTTP.
public sealed class TestServer : IAsyncDisposable
{
    public static readonly string AdminKey = "test-admin-key-" + new string('x', 32);

    private TestServer(WebApplication app, string? generatedAdminKey, Uri address, CapturedLog log)
    {
        App = app;
        Log = log;
        GeneratedAdminKey = generatedAdminKey;
        Http = new HttpClient { BaseAddress = address };
        Admin = new HttpClient { BaseAddress = address };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public WebApplication App { get; }
    public CapturedLog Log { get; }
    public string? GeneratedAdminKey { get; }
    public HttpClient Http { get; }
    public HttpClient Admin { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    // A client whose connections come from another loopback address (the whole of 127.0.0.0/8 is this
    // machine), as a second person on another network would.
    public HttpClient From(string sourceIp) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(sourceIp), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    }) { BaseAddress = Http.BaseAddress };

    // services: registrations made before WeGate's own, e.g. an ISmsSender that WeGate then uses, or a
    // TestClock as the TimeProvider.
    public static async Task<TestServer> StartAsync(TestDatabase db, IDictionary<string, string?>? settings = null, string environment = "Production",
        Action<IServiceCollection>? services = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["WeGate:Database:Provider"] = db.Provider.ToString(),
            ["WeGate:Database:ConnectionString"] = db.ConnectionString,
            ["WeGate:MasterKey"] = MasterKey,
            ["WeGate:Admin:ApiKey"] = AdminKey,
            ["Logging:LogLevel:Default"] = "Warning",
            // The whole suite runs from 127.0.0.1; the rate-limit tests set their own small limits.
            ["WeGate:Oidc:RateLimits:PerIpPerMinute"] = "1000000",
            ["WeGate:Oidc:RateLimits:PerClientPerMinute"] = "1000000",
            ["WeGate:Admin:RequestsPerMinute"] = "1000000",
            // The Development demo has its own test (DemoTests).
            ["WeGate:Demo"] = "false",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            config[k] = v;
        _ = db.Database; // skips the test when the database is unavailable
        var log = new CapturedLog();
        var app = WeGateApp.Build(["--environment", environment, "--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            b.Logging.AddProvider(log);
            services?.Invoke(b.Services);
        });
        var startup = app.Services.GetRequiredService<StartupTasks>();
        try
        {
            await startup.RunAsync();
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, startup.GeneratedAdminKey, new Uri(address), log);
    }

    // One master key for every test server, so a restart over the same database reads its secrets.
    private static readonly string MasterKey = SecretProtector.NewKeyBase64();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

public static class HttpTestExtensions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, object body) =>
        client.PutAsJsonAsync(path, body);

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string path, string body, string contentType = "application/json") =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) });

    // Asserts an RFC 9457 problem with the status and, when given, an error on the named field.
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status, string? field = null)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (field is not null)
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error on '{field}' in {problem}");
        return problem;
    }
}
