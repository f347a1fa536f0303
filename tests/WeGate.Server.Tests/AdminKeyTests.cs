using System.Net;
using System.Net.Http.Headers;

namespace WeGate.Server.Tests;

// Admin keys over the API: created once-shown, limited to pools, revoked at once.
public abstract partial class AdminApiContract
{
    private HttpClient WithKey(string key)
    {
        var client = new HttpClient { BaseAddress = Server.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task A_key_limited_to_a_pool_reaches_only_that_pool_and_a_revoked_key_nothing()
    {
        var mine = "k" + Guid.NewGuid().ToString("N")[..10];
        var other = "k" + Guid.NewGuid().ToString("N")[..10];
        foreach (var name in new[] { mine, other })
            Assert.Equal(HttpStatusCode.Created, (await Admin.PostJsonAsync("/admin/api/pools", new { name })).StatusCode);
        await (await Admin.PostJsonAsync("/admin/api/keys", new { name = "ops", pools = new[] { "no-such-pool" } })).AssertProblemAsync(400);
        var created = await Admin.PostJsonAsync("/admin/api/keys", new { name = "shop ops", pools = new[] { mine } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var secret = body.GetProperty("admin_key").GetString()!;
        var id = body.GetProperty("key").GetProperty("id").GetString()!;
        Assert.StartsWith("wgk_" + id + "_", secret, StringComparison.Ordinal);

        using var scoped = WithKey(secret);
        var pools = (await (await scoped.GetAsync("/admin/api/pools")).JsonAsync()).EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal([mine], pools);
        Assert.Equal(HttpStatusCode.OK, (await scoped.GetAsync($"/admin/api/pools/{mine}/users")).StatusCode);
        await (await scoped.GetAsync($"/admin/api/pools/{other}/users")).AssertProblemAsync(403);
        await (await scoped.PostJsonAsync("/admin/api/pools", new { name = "mine-too" })).AssertProblemAsync(403);
        await (await scoped.DeleteAsync($"/admin/api/pools/{mine}")).AssertProblemAsync(403);
        await (await scoped.GetAsync("/admin/api/keys")).AssertProblemAsync(403);

        // The list never shows a secret; revoking takes effect on the next request.
        var listed = await (await Admin.GetAsync("/admin/api/keys")).Content.ReadAsStringAsync();
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/admin/api/keys/{id}")).StatusCode);
        await (await scoped.GetAsync($"/admin/api/pools/{mine}/users")).AssertProblemAsync(401);
        await (await Admin.DeleteAsync($"/admin/api/keys/{id}")).AssertProblemAsync(404);
    }
}
