using System.Net.Http.Headers;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;
using WeGate.Testing;

namespace WeGate.Server.Tests.Logins;

// The WeChat logins end to end: WeGate in Development with the sandbox mounted, real HTTP both ways.
// What every login flow's tests share; each flow's tests are a class of their own deriving from it.
public abstract partial class LoginContract(TestDatabase db, Func<TestServer> server)
{
    protected TestServer Server
    {
        get
        {
            _ = db.Database;
            return server();
        }
    }

    // The server's database, for a test that starts another node on it.
    protected TestDatabase Db => db;

    protected SandboxControlClient Sandbox => new(Server.Http, new Uri(Server.Http.BaseAddress!, "/sandbox/"));

    protected sealed record World(string Pool, string ClientId, SandboxApp App, string Slug);

    // A pool with a connection to a fresh sandbox app of `appType`, and an application using it.
    protected async Task<World> WorldAsync(SandboxAppType appType, string connectionType, string appType2 = "miniprogram", string? openPlatform = "op-main",
        Func<SandboxApp, object?>? settings = null, string policy = "none", bool loginOnly = false)
    {
        var pool = "p" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(201, (int)(await Server.Admin.PostJsonAsync("/admin/api/pools", new { name = pool })).StatusCode);
        var app = await Sandbox.CreateAppAsync(new CreateAppRequest(appType) { OpenPlatformAccount = openPlatform });
        var slug = connectionType;
        var created = await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", new
        {
            slug, type = connectionType, display_name = "WeChat", app_id = app.AppId, app_secret = app.Secret, settings = settings?.Invoke(app), binding_policy = policy, login_only = loginOnly,
        });
        Assert.Equal(201, (int)created.StatusCode);
        var clientId = "client-" + slug;
        var application = await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = clientId, display_name = "App", type = appType2, connections = new[] { slug },
            grants = new[] { "urn:ietf:params:oauth:grant-type:token-exchange", "refresh_token" },
        });
        Assert.Equal(201, (int)application.StatusCode);
        return new World(pool, clientId, app, slug);
    }

    protected async Task<Persona> PersonaAsync(string? phone = null, string nickname = "小明") =>
        await Sandbox.CreatePersonaAsync(new Persona("persona-" + Guid.NewGuid().ToString("N")[..10]) { Phone = phone, Nickname = nickname });

    protected async Task<HttpResponseMessage> ExchangeAsync(World w, string subjectTokenType, string subjectToken, IDictionary<string, string>? extra = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["client_id"] = w.ClientId,
            ["subject_token_type"] = subjectTokenType, ["subject_token"] = subjectToken, ["scope"] = "openid profile phone wechat",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
            form[k] = v;
        return await Server.Http.PostAsync($"/pools/{w.Pool}/oauth2/token", new FormUrlEncodedContent(form));
    }

    protected async Task<System.Text.Json.JsonElement> UserInfoAsync(World w, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/pools/{w.Pool}/oauth2/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var response = await Server.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.JsonAsync();
    }
}

// One sandbox server per database for the classes of every login flow: an xUnit collection, so they
// run one after another on it.
[CollectionDefinition(nameof(SqliteLogins))]
public sealed class SqliteLogins : ICollectionFixture<SqliteSandboxServer>;

[CollectionDefinition(nameof(PostgresLogins))]
public sealed class PostgresLogins : ICollectionFixture<PostgresSandboxServer>;
