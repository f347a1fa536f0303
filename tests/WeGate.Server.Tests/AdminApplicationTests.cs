using WeGate.Core.Applications;
using WeGate.Core.Secrets;

namespace WeGate.Server.Tests;

public abstract partial class AdminApiContract
{
    [Fact]
    public async Task A_web_application_gets_a_client_secret_once_and_only_its_hash_is_kept()
    {
        var pool = await NewPoolAsync();
        await Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", FollowConnection());
        var created = await Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "shop-web", display_name = "Shop", type = "web", redirect_uris = new[] { "https://shop.example.com/cb" },
            connections = new[] { "wx-follow" }, signing_algorithm = "RS256",
        });
        Assert.Equal(201, (int)created.StatusCode);
        var json = await created.JsonAsync();
        var secret = json.GetProperty("client_secret").GetString()!;
        Assert.StartsWith("wgs_", secret, StringComparison.Ordinal);
        Assert.True(json.GetProperty("application").GetProperty("is_confidential").GetBoolean());

        var read = await Admin.GetAsync($"/admin/api/pools/{pool}/applications/shop-web");
        Assert.DoesNotContain(secret, await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var store = Server.Service<IApplicationStore>();
        Assert.True(SecretHash.Verify(secret, await store.GetSecretHashAsync(pool, "shop-web")));

        var rotated = await (await Admin.PostAsync($"/admin/api/pools/{pool}/applications/shop-web/secret", null)).JsonAsync();
        var newSecret = rotated.GetProperty("client_secret").GetString()!;
        Assert.NotEqual(secret, newSecret);
        Assert.False(SecretHash.Verify(secret, await store.GetSecretHashAsync(pool, "shop-web")));
        Assert.True(SecretHash.Verify(newSecret, await store.GetSecretHashAsync(pool, "shop-web")));
    }

    [Fact]
    public async Task A_public_application_has_no_secret_and_cannot_rotate_one()
    {
        var pool = await NewPoolAsync();
        var created = await (await Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "shop-spa", display_name = "Shop SPA", type = "spa", redirect_uris = new[] { "http://localhost:3000/cb" },
        })).JsonAsync();
        Assert.False(created.TryGetProperty("client_secret", out _));
        await (await Admin.PostAsync($"/admin/api/pools/{pool}/applications/shop-spa/secret", null)).AssertProblemAsync(400, "type");
    }

    [Theory]
    [InlineData("http://shop.example.com/cb", "redirect_uris")]     // plain http off loopback
    [InlineData("https://shop.example.com/cb#frag", "redirect_uris")]
    [InlineData("https://*.example.com/cb", "redirect_uris")]
    [InlineData("/relative", "redirect_uris")]
    [InlineData("myapp://cb", "redirect_uris")]                      // custom scheme on a web app
    public async Task Unsafe_redirect_uris_are_refused(string uri, string field)
    {
        var pool = await NewPoolAsync();
        var response = await Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "bad", display_name = "Bad", type = "web", redirect_uris = new[] { uri },
        });
        await response.AssertProblemAsync(400, field);
    }

    [Fact]
    public async Task Grants_connections_lifetimes_and_the_signing_algorithm_are_validated()
    {
        var pool = await NewPoolAsync();
        var response = await Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "x y", display_name = "", type = "spa", redirect_uris = new[] { "https://a.example.com/cb" },
            grants = new[] { "implicit", "client_credentials" }, connections = new[] { "missing" },
            lifetimes = new { access_token_seconds = 5 }, signing_algorithm = "none",
        });
        var errors = (await response.AssertProblemAsync(400)).GetProperty("errors");
        foreach (var field in new[] { "client_id", "display_name", "grants", "connections", "lifetimes.access_token_seconds", "signing_algorithm" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
    }

    [Fact]
    public async Task An_application_is_updated_listed_and_deleted_but_its_type_cannot_change()
    {
        var pool = await NewPoolAsync();
        await Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "native-app", display_name = "App", type = "native", redirect_uris = new[] { "com.example.app:/oauth" },
        });
        var url = $"/admin/api/pools/{pool}/applications/native-app";
        var updated = await (await Admin.PutJsonAsync(url, new
        {
            display_name = "App 2", redirect_uris = new[] { "com.example.app:/oauth2" }, lifetimes = new { refresh_token_seconds = 7200 },
        })).JsonAsync();
        Assert.Equal("App 2", updated.GetProperty("display_name").GetString());
        Assert.Equal(7200, updated.GetProperty("lifetimes").GetProperty("refresh_token_seconds").GetInt32());
        await (await Admin.PutJsonAsync(url, new { type = "web", display_name = "x" })).AssertProblemAsync(400, "type");
        Assert.Single((await (await Admin.GetAsync($"/admin/api/pools/{pool}/applications")).JsonAsync()).EnumerateArray());
        await (await Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new { client_id = "native-app", display_name = "Dup", type = "native", redirect_uris = new[] { "com.example.app:/oauth" } })).AssertProblemAsync(409);
        Assert.Equal(204, (int)(await Admin.DeleteAsync(url)).StatusCode);
        await (await Admin.GetAsync(url)).AssertProblemAsync(404);
    }
}
