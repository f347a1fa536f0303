using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Core.Secrets;
using WeGate.Server.Hosting;
using WeGate.Storage.Migrations;
using WeGate.Testing;

namespace WeGate.Server.Tests;

// Starting, restarting and refusing to start, each on a fresh database.
public abstract class LifecycleContract<TDatabase> where TDatabase : TestDatabase, new()
{
    private static async Task<TDatabase> FreshDatabaseAsync()
    {
        var db = new TDatabase();
        await db.InitializeAsync();
        return db;
    }

    private static Dictionary<string, string?> Declared(string displayName) => new()
    {
        ["WeGate:Pools:shop:DisplayName"] = displayName,
        ["WeGate:Pools:shop:Connections:wx-follow:Type"] = "oa-follow",
        ["WeGate:Pools:shop:Connections:wx-follow:AppId"] = "wx00000000000000aa",
        ["WeGate:Pools:shop:Connections:wx-follow:AppSecret"] = "declaredSecret0001",
        ["WeGate:Pools:shop:Connections:wx-follow:Token"] = "declaredToken",
        ["WeGate:Pools:shop:Applications:shop-web:Type"] = "web",
        ["WeGate:Pools:shop:Applications:shop-web:ClientSecret"] = "declared-client-secret-of-32-chars!!",
        ["WeGate:Pools:shop:Applications:shop-web:RedirectUris:0"] = "https://shop.example.com/cb",
        ["WeGate:Pools:shop:Applications:shop-web:Connections:0"] = "wx-follow",
    };

    [Fact]
    public async Task What_was_created_survives_a_restart_on_the_same_database()
    {
        await using var db = await FreshDatabaseAsync();
        await using (var first = await TestServer.StartAsync(db))
            Assert.Equal(201, (int)(await first.Admin.PostJsonAsync("/admin/api/pools", new { name = "kept", display_name = "Kept" })).StatusCode);

        await using var second = await TestServer.StartAsync(db);
        Assert.Equal("Kept", (await (await second.Admin.GetAsync("/admin/api/pools/kept")).JsonAsync()).GetProperty("display_name").GetString());
    }

    [Fact]
    public async Task Declared_configuration_is_applied_at_start_and_again_without_duplicates()
    {
        await using var db = await FreshDatabaseAsync();
        await using (await TestServer.StartAsync(db, Declared("Shop"))) { }
        await using var server = await TestServer.StartAsync(db, Declared("Shop renamed"));

        Assert.Equal("Shop renamed", (await (await server.Admin.GetAsync("/admin/api/pools/shop")).JsonAsync()).GetProperty("display_name").GetString());
        Assert.Single(await server.Service<IConnectionStore>().ListAsync("shop"));
        Assert.Equal("declaredToken", (await server.Service<IConnectionStore>().GetSecretsAsync("shop", "wx-follow"))!.Token);
        var apps = await server.Service<IApplicationStore>().ListAsync("shop");
        Assert.Equal(["wx-follow"], Assert.Single(apps).Connections);
        Assert.True(SecretHash.Verify("declared-client-secret-of-32-chars!!", await server.Service<IApplicationStore>().GetSecretHashAsync("shop", "shop-web")));
    }

    [Fact]
    public async Task Invalid_declared_configuration_stops_the_start_naming_the_configuration_path()
    {
        await using var db = await FreshDatabaseAsync();
        var settings = Declared("Shop");
        settings["WeGate:Pools:shop:Connections:wx-follow:AppId"] = "not-an-appid";
        settings.Remove("WeGate:Pools:shop:Applications:shop-web:ClientSecret");

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(db, settings));
        Assert.Contains("WeGate:Pools:shop:Connections:wx-follow: app_id", e.Message, StringComparison.Ordinal);
        Assert.Contains("WeGate:Pools:shop:Applications:shop-web: client_secret", e.Message, StringComparison.Ordinal);
        await using var c = await db.Database.OpenAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pools WHERE name = 'shop'"));
    }

    [Fact]
    public async Task A_declared_type_change_is_refused_before_anything_is_applied()
    {
        await using var db = await FreshDatabaseAsync();
        await using (await TestServer.StartAsync(db, Declared("Shop"))) { }
        var changed = Declared("Shop renamed");
        changed["WeGate:Pools:shop:Applications:shop-web:Type"] = "spa";
        changed.Remove("WeGate:Pools:shop:Applications:shop-web:ClientSecret");

        var e = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync(db, changed));
        Assert.Contains("Applications:shop-web:Type is spa", e.Message, StringComparison.Ordinal);
        await using var c = await db.Database.OpenAsync();
        Assert.Equal("Shop", await c.ExecuteScalarAsync<string>("SELECT display_name FROM pools WHERE name = 'shop'"));
    }

    [Fact]
    public async Task Production_refuses_to_start_without_a_master_key_or_an_admin_key()
    {
        await using var db = await FreshDatabaseAsync();
        var noMasterKey = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:MasterKey"] = "" }));
        Assert.Contains("WeGate:MasterKey", noMasterKey.Message, StringComparison.Ordinal);
        var badMasterKey = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:MasterKey"] = "dG9vIHNob3J0" }));
        Assert.Contains("32 bytes", badMasterKey.Message, StringComparison.Ordinal);
        var noAdminKey = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:Admin:ApiKey"] = "" }));
        Assert.Contains("admin API key", noAdminKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_generates_an_admin_key_once_and_it_opens_the_admin_api()
    {
        await using var db = await FreshDatabaseAsync();
        string key;
        await using (var first = await TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:Admin:ApiKey"] = "" }, "Development"))
        {
            key = first.GeneratedAdminKey!;
            Assert.StartsWith("wgk_", key, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/api/pools");
            request.Headers.Authorization = new("Bearer", key);
            Assert.Equal(200, (int)(await first.Http.SendAsync(request)).StatusCode);
        }
        await using var second = await TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:Admin:ApiKey"] = "" }, "Development");
        Assert.Null(second.GeneratedAdminKey);
    }

    [Fact]
    public async Task The_data_protection_key_ring_is_kept_in_the_database_encrypted_and_shared_by_two_nodes()
    {
        await using var db = await FreshDatabaseAsync();
        await using var nodeA = await TestServer.StartAsync(db);
        await using var nodeB = await TestServer.StartAsync(db);
        var sealedOnA = nodeA.Service<IDataProtectionProvider>().CreateProtector("test").Protect("cookie payload");

        Assert.Equal("cookie payload", nodeB.Service<IDataProtectionProvider>().CreateProtector("test").Unprotect(sealedOnA));
        await using var c = await db.Database.OpenAsync();
        var xml = (await c.QueryAsync<string>("SELECT xml FROM data_protection_keys")).ToList();
        Assert.NotEmpty(xml);
        Assert.All(xml, x => Assert.DoesNotContain("<masterKey", x, StringComparison.Ordinal));
        // New keys use AES-256-GCM (docs/performance.md#per-request-overhead); the descriptor names the
        // algorithm in the clear beside the encrypted key material.
        Assert.Contains(xml, x => x.Contains("AES_256_GCM", StringComparison.Ordinal));
    }

    // Only the console reads its cookie, by name: no scheme is the default, so the authentication
    // middleware does nothing on the other requests (docs/performance.md#per-request-overhead).
    [Fact]
    public async Task No_authentication_scheme_is_the_default()
    {
        await using var db = await FreshDatabaseAsync();
        await using var node = await TestServer.StartAsync(db);
        var schemes = node.Service<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>();
        Assert.NotEmpty(await schemes.GetAllSchemesAsync());
        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
    }

    [Fact]
    public async Task Production_refuses_the_sandbox_unless_explicitly_allowed_and_then_serves_it()
    {
        await using var db = await FreshDatabaseAsync();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(db, new Dictionary<string, string?> { ["WeGate:Sandbox:Enabled"] = "true" }));
        Assert.Contains("AllowInProduction", e.Message, StringComparison.Ordinal);

        await using var allowed = await TestServer.StartAsync(db, new Dictionary<string, string?>
        {
            ["WeGate:Sandbox:Enabled"] = "true", ["WeGate:Sandbox:AllowInProduction"] = "true",
        });
        var reply = await (await allowed.Http.GetAsync("/sandbox/api/cgi-bin/token?grant_type=client_credential&appid=wx00000000000000ff&secret=x")).JsonAsync();
        Assert.Equal(40013, reply.GetProperty("errcode").GetInt32());
    }

    [Fact]
    public async Task Production_serves_no_sandbox_and_points_the_wechat_client_at_real_wechat()
    {
        await using var db = await FreshDatabaseAsync();
        await using var server = await TestServer.StartAsync(db);
        Assert.Equal(404, (int)(await server.Http.GetAsync("/sandbox/api/cgi-bin/token")).StatusCode);
        Assert.Equal(new Uri("https://api.weixin.qq.com/"), server.Service<WeGate.WeChat.Client.WeChatApiClient>().Endpoints.Api);
    }

    [Fact]
    public async Task Development_mounts_the_sandbox_and_wegate_talks_to_it_over_http()
    {
        await using var db = await FreshDatabaseAsync();
        await using var server = await TestServer.StartAsync(db, environment: "Development");
        var client = server.Service<WeGate.WeChat.Client.WeChatApiClient>();
        Assert.Equal(new Uri(server.Http.BaseAddress!, "/sandbox/api/"), client.Endpoints.Api);

        var error = await Assert.ThrowsAsync<WeGate.WeChat.Client.WeChatApiException>(() => client.GetAccessTokenAsync("wx00000000000000ff", "secret"));
        Assert.Equal(40013, error.ErrCode);
        Assert.NotNull(error.Rid);
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_wegate_stops_the_start()
    {
        await using var db = await FreshDatabaseAsync();
        await using (var c = await db.Database.OpenAsync())
            await c.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)");
        var e = await Assert.ThrowsAsync<DatabaseTooNewException>(() => TestServer.StartAsync(db));
        Assert.Equal(9999, e.DatabaseVersion);
    }
}

public sealed class SqliteLifecycle : LifecycleContract<SqliteTestDatabase>;

public sealed class PostgresLifecycle : LifecycleContract<PostgresTestDatabase>;
