using WeGate.Core.Connections;

namespace WeGate.Server.Tests;

public abstract partial class AdminApiContract
{
    private const string AppSecret = "0123456789abcdef0123456789abcdef";
    private static readonly string AesKey = new('A', 43);

    private static object FollowConnection(string slug = "wx-follow") => new
    {
        slug, type = "oa-follow", display_name = "Follow our account", app_id = "wx0123456789abcdef",
        app_secret = AppSecret, token = "serverToken1", encoding_aes_key = AesKey,
        settings = new { message_mode = "safe" }, binding_policy = "field-matching", login_only = true,
    };

    [Fact]
    public async Task A_connection_is_created_and_read_back_without_any_of_its_secrets()
    {
        var pool = await NewPoolAsync();
        var created = await Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", FollowConnection());
        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal($"/admin/api/pools/{pool}/connections/wx-follow", created.Headers.Location?.OriginalString);

        foreach (var response in new[] { created, await Admin.GetAsync($"/admin/api/pools/{pool}/connections/wx-follow"), await Admin.GetAsync($"/admin/api/pools/{pool}/connections") })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(AppSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("serverToken1", text, StringComparison.Ordinal);
            Assert.DoesNotContain(AesKey, text, StringComparison.Ordinal);
        }
        var json = await created.JsonAsync();
        Assert.Equal(["app_secret", "token", "encoding_aes_key"], json.GetProperty("secrets_set").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("safe", json.GetProperty("settings").GetProperty("message_mode").GetString());
        Assert.True(json.GetProperty("login_only").GetBoolean());
        Assert.Equal(AppSecret, (await Server.Service<IConnectionStore>().GetSecretsAsync(pool, "wx-follow"))!.AppSecret);
    }

    [Fact]
    public async Task Each_broken_connection_rule_is_named_and_nothing_is_stored()
    {
        var pool = await NewPoolAsync();
        var response = await Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", new
        {
            slug = "Bad_Slug", type = "oa-follow", display_name = new string('n', 101), app_id = "wx123",
            app_secret = "has spaces", encoding_aes_key = "short", settings = new { message_mode = "loud", scope = "snsapi_base" },
            binding_policy = "merge-everything",
        });
        var problem = await response.AssertProblemAsync(400);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "slug", "display_name", "app_id", "app_secret", "token", "encoding_aes_key", "settings.message_mode", "settings.scope", "binding_policy" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        Assert.Empty((await (await Admin.GetAsync($"/admin/api/pools/{pool}/connections")).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task Type_specific_settings_are_checked_for_each_connection_type()
    {
        var pool = await NewPoolAsync();
        var url = $"/admin/api/pools/{pool}/connections";
        var appMp = await Admin.PostJsonAsync(url, new { slug = "app-mp", type = "app-mp", display_name = "x", app_id = "wx0123456789abcdef", app_secret = AppSecret });
        await appMp.AssertProblemAsync(400, "settings.original_id");
        var badPage = await Admin.PostJsonAsync(url, new { slug = "mp", type = "mp-qr", display_name = "x", app_id = "wx0123456789abcdef", app_secret = AppSecret, settings = new { page = "/pages/index?x=1" } });
        await badPage.AssertProblemAsync(400, "settings.page");
        var badType = await Admin.PostJsonAsync(url, new { slug = "t", type = "weibo", display_name = "x", app_id = "wx0123456789abcdef", app_secret = AppSecret });
        await badType.AssertProblemAsync(400, "type");
        var ok = await Admin.PostJsonAsync(url, new
        {
            slug = "mp", type = "app-mp", display_name = "x", app_id = "wx0123456789abcdef", app_secret = AppSecret,
            settings = new { page = "pages/login/index", env_version = "trial", original_id = "gh_0123456789ab" },
        });
        Assert.Equal(201, (int)ok.StatusCode);
    }

    [Fact]
    public async Task An_update_keeps_the_fields_it_does_not_name_and_an_empty_secret_removes_that_secret()
    {
        var pool = await NewPoolAsync();
        await Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", FollowConnection());
        var url = $"/admin/api/pools/{pool}/connections/wx-follow";
        Assert.Equal(200, (int)(await Admin.PutJsonAsync(url, new { previous_encoding_aes_key = new string('B', 43) })).StatusCode);

        var json = await (await Admin.PutJsonAsync(url, new { display_name = "Only the name", previous_encoding_aes_key = "" })).JsonAsync();

        Assert.Equal("Only the name", json.GetProperty("display_name").GetString());
        Assert.Equal("safe", json.GetProperty("settings").GetProperty("message_mode").GetString());
        Assert.True(json.GetProperty("login_only").GetBoolean());
        Assert.Equal("field-matching", json.GetProperty("binding_policy").GetString());
        Assert.Equal(["app_secret", "token", "encoding_aes_key"], json.GetProperty("secrets_set").EnumerateArray().Select(e => e.GetString()));
        // The one required secret cannot be removed.
        await (await Admin.PutJsonAsync(url, new { app_secret = "" })).AssertProblemAsync(400, "app_secret");
    }

    [Fact]
    public async Task Official_account_secrets_on_another_connection_type_are_refused()
    {
        var pool = await NewPoolAsync();
        var response = await Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", new
        {
            slug = "app", type = "mobile", display_name = "App", app_id = "wx0123456789abcdef", app_secret = AppSecret, token = "serverToken1",
        });
        await response.AssertProblemAsync(400, "token");
    }

    [Fact]
    public async Task A_connection_that_an_application_uses_cannot_be_deleted()
    {
        var pool = await NewPoolAsync();
        await Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", FollowConnection());
        await Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "uses-it", display_name = "Uses it", type = "spa", redirect_uris = new[] { "https://a.example.com/cb" }, connections = new[] { "wx-follow" },
        });
        var problem = await (await Admin.DeleteAsync($"/admin/api/pools/{pool}/connections/wx-follow")).AssertProblemAsync(409);
        Assert.Contains("uses-it", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, (int)(await Admin.GetAsync($"/admin/api/pools/{pool}/connections/wx-follow")).StatusCode);
    }

    [Fact]
    public async Task A_duplicate_slug_is_a_conflict_and_an_unknown_pool_or_connection_is_not_found()
    {
        var pool = await NewPoolAsync();
        Assert.Equal(201, (int)(await Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", FollowConnection())).StatusCode);
        await (await Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", FollowConnection())).AssertProblemAsync(409);
        await (await Admin.PostJsonAsync("/admin/api/pools/no-such-pool/connections", FollowConnection())).AssertProblemAsync(404);
        await (await Admin.GetAsync("/admin/api/pools/no-such-pool/connections")).AssertProblemAsync(404);
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/connections/nope")).AssertProblemAsync(404);
        await (await Admin.DeleteAsync($"/admin/api/pools/{pool}/connections/nope")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Updating_a_connection_keeps_unsent_secrets_and_refuses_a_type_or_slug_change()
    {
        var pool = await NewPoolAsync();
        await Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", FollowConnection());
        var url = $"/admin/api/pools/{pool}/connections/wx-follow";

        var updated = await Admin.PutJsonAsync(url, new
        {
            display_name = "Renamed", app_id = "wx0123456789abcdef", token = "newToken22", settings = new { message_mode = "compatible" }, enabled = false,
        });
        Assert.Equal(200, (int)updated.StatusCode);
        var json = await updated.JsonAsync();
        Assert.Equal("Renamed", json.GetProperty("display_name").GetString());
        Assert.False(json.GetProperty("enabled").GetBoolean());
        var secrets = await Server.Service<IConnectionStore>().GetSecretsAsync(pool, "wx-follow");
        Assert.Equal(("newToken22", AppSecret, AesKey), (secrets!.Token, secrets.AppSecret, secrets.EncodingAesKey));

        await (await Admin.PutJsonAsync(url, new { type = "oa-web", display_name = "x", app_id = "wx0123456789abcdef" })).AssertProblemAsync(400, "type");
        await (await Admin.PutJsonAsync(url, new { slug = "other", display_name = "x", app_id = "wx0123456789abcdef" })).AssertProblemAsync(400, "slug");
        Assert.Equal("Renamed", (await (await Admin.GetAsync(url)).JsonAsync()).GetProperty("display_name").GetString());

        Assert.Equal(204, (int)(await Admin.DeleteAsync(url)).StatusCode);
        await (await Admin.GetAsync(url)).AssertProblemAsync(404);
    }
}
