namespace WeGate.Server.Tests;

// …/webhooks on a Production server with the default settings (docs/admin-api.md#webhooks).
public abstract partial class AdminApiContract
{
    [Fact]
    public async Task A_webhook_url_over_http_or_to_a_private_address_and_unknown_event_types_are_refused_naming_the_field()
    {
        var pool = await NewPoolAsync();
        var url = $"/admin/api/pools/{pool}/webhooks";
        foreach (var bad in new[] { "http://hooks.example.com/x", "https://127.0.0.1/x", "https://localhost:8443/x", "https://10.1.2.3/x", "https://[::1]/x",
                     "https://169.254.169.254/latest", "https://user:pw@hooks.example.com/x", "ftp://hooks.example.com/x", "not a url" })
        {
            var problem = await (await Admin.PostJsonAsync(url, new { url = bad, event_types = new[] { "user.created" } })).AssertProblemAsync(400, "url");
            Assert.False(problem.GetProperty("errors").TryGetProperty("event_types", out _), bad);
        }
        await (await Admin.PostJsonAsync(url, new { url = "https://hooks.example.com/x", event_types = new[] { "user.made" } })).AssertProblemAsync(400, "event_types");
        await (await Admin.PostJsonAsync(url, new { url = "https://hooks.example.com/x", event_types = Array.Empty<string>() })).AssertProblemAsync(400, "event_types");
        await (await Admin.PostJsonAsync(url, new { url = "https://hooks.example.com/x" })).AssertProblemAsync(400, "event_types");
        await (await Admin.PostJsonAsync(url, new { url = "https://hooks.example.com/x", event_types = new[] { "user.created" }, secret = "mine" })).AssertProblemAsync(400, "secret");
        Assert.Empty((await (await Admin.GetAsync(url)).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task A_webhook_secret_is_shown_at_creation_and_rotation_only_and_each_change_is_audited()
    {
        var pool = await NewPoolAsync();
        var created = await Admin.PostJsonAsync($"/admin/api/pools/{pool}/webhooks",
            new { url = "https://hooks.example.com/wegate", event_types = new[] { "user.created", "user.blocked" }, description = "CRM" });
        Assert.Equal(201, (int)created.StatusCode);
        var body = await created.JsonAsync();
        var id = body.GetProperty("webhook").GetProperty("id").GetString()!;
        var secret = body.GetProperty("secret").GetString()!;
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        Assert.Equal($"/admin/api/pools/{pool}/webhooks/{id}", created.Headers.Location?.OriginalString);

        var got = await (await Admin.GetAsync($"/admin/api/pools/{pool}/webhooks/{id}")).JsonAsync();
        Assert.DoesNotContain(secret["whsec_".Length..], got.ToString(), StringComparison.Ordinal);
        Assert.False(got.TryGetProperty("secret", out _));

        var updated = await (await Admin.PutJsonAsync($"/admin/api/pools/{pool}/webhooks/{id}", new { enabled = false })).JsonAsync();
        Assert.False(updated.GetProperty("enabled").GetBoolean());
        Assert.Equal(["user.created", "user.blocked"], updated.GetProperty("event_types").EnumerateArray().Select(t => t.GetString()));
        await (await Admin.PutJsonAsync($"/admin/api/pools/{pool}/webhooks/{id}", new { url = "http://hooks.example.com/" })).AssertProblemAsync(400, "url");

        var rotated = await (await Admin.PostAsync($"/admin/api/pools/{pool}/webhooks/{id}/secret", null)).JsonAsync();
        Assert.NotEqual(secret, rotated.GetProperty("secret").GetString());
        Assert.Equal(204, (int)(await Admin.DeleteAsync($"/admin/api/pools/{pool}/webhooks/{id}")).StatusCode);
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/webhooks/{id}")).AssertProblemAsync(404);
        await (await Admin.PostAsync($"/admin/api/pools/{pool}/webhooks/{id}/test", null)).AssertProblemAsync(404);
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/webhooks/{id}/messages/msg_none")).AssertProblemAsync(404);

        var events = await (await Admin.GetAsync($"/admin/api/pools/{pool}/audit-events")).JsonAsync();
        Assert.Equal(["admin.webhook.deleted", "admin.webhook.secret_rotated", "admin.webhook.updated", "admin.webhook.created"],
            events.EnumerateArray().Select(e => e.GetProperty("type").GetString()).Where(t => t!.StartsWith("admin.webhook.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Webhook_messages_are_listed_by_a_known_state_and_a_limit_in_range()
    {
        var pool = await NewPoolAsync();
        var id = (await (await Admin.PostJsonAsync($"/admin/api/pools/{pool}/webhooks", new { url = "https://hooks.example.com/", event_types = new[] { "user.created" } }))
            .JsonAsync()).GetProperty("webhook").GetProperty("id").GetString();
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/webhooks/{id}/messages?state=sent")).AssertProblemAsync(400, "state");
        await (await Admin.GetAsync($"/admin/api/pools/{pool}/webhooks/{id}/messages?limit=0")).AssertProblemAsync(400, "limit");
        Assert.Equal(200, (int)(await Admin.GetAsync($"/admin/api/pools/{pool}/webhooks/{id}/messages?state=pending&limit=5")).StatusCode);
        await (await Admin.GetAsync($"/admin/api/pools/nopool{Guid.NewGuid():N}/webhooks")).AssertProblemAsync(404);
    }
}
