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

    private const string Logo = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=";

    [Fact]
    public async Task Branding_is_stored_replaced_cleared_and_worn_by_the_login_page()
    {
        var pool = await NewPoolAsync();
        var created = await (await Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "shop", display_name = "Shop", type = "spa", redirect_uris = new[] { "https://shop.example.com/cb" },
            branding = new { logo_uri = Logo, primary_color = "#0958d9" },
        })).JsonAsync();
        var branding = created.GetProperty("application").GetProperty("branding");
        Assert.Equal(Logo, branding.GetProperty("logo_uri").GetString());
        Assert.Equal("#0958d9", branding.GetProperty("primary_color").GetString());

        // The login page shows the logo and wears the colour, with white text on it (6.5:1 on #0958d9).
        using var browser = new OidcFlow.Browser(Server.Http.BaseAddress!);
        var authorize = await browser.GetAsync($"/pools/{pool}/oauth2/authorize?response_type=code&client_id=shop&redirect_uri={Uri.EscapeDataString("https://shop.example.com/cb")}" +
            "&scope=openid&state=s&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
        var page = await (await browser.GetAsync(authorize.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains($"<img class=\"brand-logo\" src=\"{Pages.Page.Encode(Logo)}\" alt=\"\" data-brand-logo>", page, StringComparison.Ordinal);
        Assert.Contains(":root{ --brand:#0958d9;--on-brand:#fff;", page, StringComparison.Ordinal);

        // A light colour gets black text; PUT replaces branding as a whole, and "" clears a field.
        var url = $"/admin/api/pools/{pool}/applications/shop";
        var light = await (await Admin.PutJsonAsync(url, new { branding = new { primary_color = "#ffd666" } })).JsonAsync();
        Assert.False(light.GetProperty("branding").TryGetProperty("logo_uri", out _));
        page = await (await browser.GetAsync(authorize.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains(":root{ --brand:#ffd666;--on-brand:#000;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-brand-logo", page, StringComparison.Ordinal);
        var kept = await (await Admin.PutJsonAsync(url, new { display_name = "Shop 2" })).JsonAsync();
        Assert.Equal("#ffd666", kept.GetProperty("branding").GetProperty("primary_color").GetString());
        var cleared = await (await Admin.PutJsonAsync(url, new { branding = new { primary_color = "" } })).JsonAsync();
        Assert.False(cleared.GetProperty("branding").TryGetProperty("primary_color", out _));
        page = await (await browser.GetAsync(authorize.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains(":root{ --brand:#067a3e;--on-brand:#fff;", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://cdn.example.com/logo.png", null)]                      // a browser blocks http images on an https page
    [InlineData("javascript:alert(1)", null)]
    [InlineData("https://user:pw@cdn.example.com/logo.png", null)]
    [InlineData("data:text/html;base64,PGgxPg==", null)]                       // only images
    [InlineData("data:image/png,rawbytes", null)]                             // base64 only
    [InlineData(null, "green")]
    [InlineData(null, "#0958d9;background:url(x)")]                          // no way out of the CSS value
    [InlineData(null, "#fff")]
    public async Task Branding_that_is_not_a_safe_logo_or_a_colour_is_refused(string? logo, string? color)
    {
        var pool = await NewPoolAsync();
        var response = await Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "shop", display_name = "Shop", type = "spa", redirect_uris = new[] { "https://shop.example.com/cb" },
            branding = new { logo_uri = logo, primary_color = color },
        });
        await response.AssertProblemAsync(400, logo is null ? "branding.primary_color" : "branding.logo_uri");
    }

    [Fact]
    public async Task A_data_logo_is_limited_in_size()
    {
        var pool = await NewPoolAsync();
        var big = "data:image/png;base64," + new string('A', ApplicationRules.LogoDataMaxLength);
        var response = await Admin.PostJsonAsync($"/admin/api/pools/{pool}/applications", new
        {
            client_id = "shop", display_name = "Shop", type = "spa", redirect_uris = new[] { "https://shop.example.com/cb" },
            branding = new { logo_uri = big },
        });
        var problem = await response.AssertProblemAsync(400, "branding.logo_uri");
        Assert.Contains("at most 32768", problem.ToString(), StringComparison.Ordinal);
    }
}
