using System.Net.Http.Json;
using System.Text.Json;
using WeGate.Testing;

namespace WeGate.Server.Tests.Webhooks;

// Webhooks end to end (docs/operations.md#webhooks): the admin API subscribes a real receiver, changes
// made through the admin API reach it signed, in order per user, retried after failures, redelivered on
// request, and none is lost when the server stops and starts again.
public abstract class WebhookContract<TDatabase> : IAsyncLifetime where TDatabase : TestDatabase, new()
{
    private readonly TDatabase _db = new();
    private readonly List<TestServer> _servers = [];

    protected WebhookReceiver Receiver { get; private set; } = null!;

    // Fast retries and a short timeout, to a receiver on this machine over http.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["WeGate:Webhooks:RequireHttps"] = "false",
        ["WeGate:Webhooks:AllowPrivateNetworks"] = "true",
        ["WeGate:Webhooks:PollMilliseconds"] = "50",
        ["WeGate:Webhooks:TimeoutSeconds"] = "2",
        ["WeGate:Webhooks:RetryDelaysSeconds:0"] = "1",
        ["WeGate:Webhooks:RetryDelaysSeconds:1"] = "1",
    };

    public async ValueTask InitializeAsync()
    {
        await _db.InitializeAsync();
        Receiver = await WebhookReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
            await server.DisposeAsync();
        await Receiver.DisposeAsync();
        await _db.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<TestServer> StartServerAsync(Dictionary<string, string?>? extra = null, string environment = "Production")
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (k, v) in extra ?? [])
            settings[k] = v;
        var server = await TestServer.StartAsync(_db, settings, environment);
        _servers.Add(server);
        return server;
    }

    private static async Task<string> NewPoolAsync(HttpClient admin)
    {
        var name = "p" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(201, (int)(await admin.PostJsonAsync("/admin/api/pools", new { name, display_name = "Test" })).StatusCode);
        return name;
    }

    private async Task<(string Id, string Secret)> SubscribeAsync(HttpClient admin, string pool, params string[] types)
    {
        var response = await admin.PostJsonAsync($"/admin/api/pools/{pool}/webhooks", new { url = Receiver.Url, event_types = types, description = "test receiver" });
        Assert.Equal(201, (int)response.StatusCode);
        var created = await response.JsonAsync();
        return (created.GetProperty("webhook").GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    private static async Task<string> NewUserAsync(HttpClient admin, string pool, string username)
    {
        var response = await admin.PostJsonAsync($"/admin/api/pools/{pool}/users", new { username });
        Assert.Equal(201, (int)response.StatusCode);
        return (await response.JsonAsync()).GetProperty("user").GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_created_user_reaches_the_receiver_with_a_standard_webhooks_signature_that_verifies_and_only_with_its_secret()
    {
        var server = await StartServerAsync();
        var pool = await NewPoolAsync(server.Admin);
        var (_, secret) = await SubscribeAsync(server.Admin, pool, "user.created");
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var userId = await NewUserAsync(server.Admin, pool, "ming");

        var hook = Assert.Single(await Receiver.WaitForAsync(r => r.Count >= 1));
        Assert.Equal("application/json", hook.ContentType.Split(';')[0]);
        Assert.StartsWith("msg_", hook.Id, StringComparison.Ordinal);
        Assert.True(StandardWebhookVerifier.Verify(secret, hook.Id, hook.Timestamp, hook.Signature, hook.Body, DateTimeOffset.UtcNow), $"{hook.Signature} does not verify");
        Assert.False(StandardWebhookVerifier.Verify(secret, hook.Id, hook.Timestamp, hook.Signature, hook.Body + " ", DateTimeOffset.UtcNow));
        Assert.False(StandardWebhookVerifier.Verify("whsec_" + Convert.ToBase64String(new byte[32]), hook.Id, hook.Timestamp, hook.Signature, hook.Body, DateTimeOffset.UtcNow));
        Assert.False(StandardWebhookVerifier.Verify(secret, hook.Id, hook.Timestamp, hook.Signature, hook.Body, DateTimeOffset.UtcNow.AddMinutes(10)));
        var json = hook.Json;
        Assert.Equal("user.created", json.GetProperty("type").GetString());
        Assert.True(DateTimeOffset.Parse(json.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(pool, json.GetProperty("data").GetProperty("pool").GetString());
        Assert.Equal(userId, hook.UserId);
        Assert.Equal("admin.user.created", json.GetProperty("data").GetProperty("audit_event_type").GetString());

        // Blocking was not subscribed: nothing more arrives.
        Assert.Equal(200, (int)(await server.Admin.PostAsync($"/admin/api/pools/{pool}/users/{userId}/block", null)).StatusCode);
        await Task.Delay(500);
        Assert.Single(Receiver.Received);

        // After a rotation the old and the new secret both sign for a day: a receiver verifies with either.
        var webhookId = (await ListAsync(server, pool))[0];
        var rotated = (await (await server.Admin.PostAsync($"/admin/api/pools/{pool}/webhooks/{webhookId}/secret", null)).JsonAsync()).GetProperty("secret").GetString()!;
        await NewUserAsync(server.Admin, pool, "hong");
        var next = (await Receiver.WaitForAsync(r => r.Count >= 2))[1];
        Assert.Equal(2, next.Signature.Split(' ').Length);
        Assert.True(StandardWebhookVerifier.Verify(rotated, next.Id, next.Timestamp, next.Signature, next.Body, DateTimeOffset.UtcNow));
        Assert.True(StandardWebhookVerifier.Verify(secret, next.Id, next.Timestamp, next.Signature, next.Body, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_users_events_arrive_in_order_each_after_the_previous_one_succeeded_and_a_500_is_retried()
    {
        var server = await StartServerAsync();
        var pool = await NewPoolAsync(server.Admin);
        var (webhookId, _) = await SubscribeAsync(server.Admin, pool, "user.blocked", "user.unblocked");
        // The first attempt fails; everything after succeeds.
        Receiver.Answer = (n, _) => n == 1 ? 500 : 200;
        var userId = await NewUserAsync(server.Admin, pool, "ming");

        foreach (var action in new[] { "block", "unblock", "block" })
            Assert.Equal(200, (int)(await server.Admin.PostAsync($"/admin/api/pools/{pool}/users/{userId}/{action}", null)).StatusCode);

        var received = await Receiver.WaitForAsync(r => r.Count >= 4);
        Assert.Equal(["user.blocked", "user.blocked", "user.unblocked", "user.blocked"], received.Select(r => r.Type));
        // The retry carries the same webhook-id; the later events waited for it.
        Assert.Equal(received[0].Id, received[1].Id);
        Assert.Equal(3, received.Select(r => r.Id).Distinct().Count());

        var messages = (await (await server.Admin.GetAsync($"/admin/api/pools/{pool}/webhooks/{webhookId}/messages")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.Equal("delivered", m.GetProperty("state").GetString()));
        var first = await (await server.Admin.GetAsync($"/admin/api/pools/{pool}/webhooks/{webhookId}/messages/{received[0].Id}")).JsonAsync();
        var attempts = first.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([500, 200], attempts.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal("answer 500", attempts[0].GetProperty("response").GetString());
        Assert.Equal("user.blocked", first.GetProperty("payload").GetProperty("type").GetString());
        // A success clears the endpoint's failing mark.
        var endpoint = await (await server.Admin.GetAsync($"/admin/api/pools/{pool}/webhooks/{webhookId}")).JsonAsync();
        Assert.False(endpoint.TryGetProperty("failing_since", out _));
    }

    [Fact]
    public async Task A_message_failing_every_attempt_is_given_up_marks_the_endpoint_failing_and_is_sent_again_on_redelivery()
    {
        var server = await StartServerAsync();
        var pool = await NewPoolAsync(server.Admin);
        var (webhookId, secret) = await SubscribeAsync(server.Admin, pool, "user.created");
        Receiver.Answer = (_, _) => 503;
        await NewUserAsync(server.Admin, pool, "ming");

        // Three attempts: at once, then after each of the two configured delays.
        var failed = await Receiver.WaitForAsync(r => r.Count >= 3);
        var messageUrl = $"/admin/api/pools/{pool}/webhooks/{webhookId}/messages/{failed[0].Id}";
        var given = await PollAsync(server, messageUrl, m => m.GetProperty("message").GetProperty("state").GetString() == "failed");
        Assert.Equal(3, given.GetProperty("attempts").GetArrayLength());
        var endpoint = await (await server.Admin.GetAsync($"/admin/api/pools/{pool}/webhooks/{webhookId}")).JsonAsync();
        Assert.True(endpoint.TryGetProperty("failing_since", out _));
        Assert.Equal("answered HTTP 503", endpoint.GetProperty("last_error").GetString());

        Receiver.Answer = (_, _) => 200;
        var redeliver = await server.Admin.PostAsync(messageUrl + "/redeliver", null);
        Assert.Equal(202, (int)redeliver.StatusCode);
        var again = (await Receiver.WaitForAsync(r => r.Count >= 4))[3];
        Assert.Equal(failed[0].Id, again.Id);
        Assert.True(StandardWebhookVerifier.Verify(secret, again.Id, again.Timestamp, again.Signature, again.Body, DateTimeOffset.UtcNow));
        var delivered = await PollAsync(server, messageUrl, m => m.GetProperty("message").GetProperty("state").GetString() == "delivered");
        Assert.Equal([1, 2, 3, 4], delivered.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("attempt").GetInt32()));

        // A test event goes to this endpoint; a message still pending cannot be redelivered.
        Receiver.Answer = (_, _) => null;
        var test = await server.Admin.PostAsync($"/admin/api/pools/{pool}/webhooks/{webhookId}/test", null);
        Assert.Equal(202, (int)test.StatusCode);
        var testId = (await test.JsonAsync()).GetProperty("id").GetString()!;
        Assert.Equal("webhook.test", (await Receiver.WaitForAsync(r => r.Count >= 5))[4].Type);
        await (await server.Admin.PostAsync($"/admin/api/pools/{pool}/webhooks/{webhookId}/messages/{testId}/redeliver", null)).AssertProblemAsync(409);
    }

    [Fact]
    public async Task Messages_queued_when_the_server_stops_are_delivered_after_it_starts_again_with_the_same_webhook_ids()
    {
        // The first server's attempts hang until it stops.
        Receiver.Answer = (_, _) => null;
        var first = await StartServerAsync();
        var pool = await NewPoolAsync(first.Admin);
        var (_, secret) = await SubscribeAsync(first.Admin, pool, "user.created");
        var users = new List<string>();
        for (var i = 0; i < 12; i++)
            users.Add(await NewUserAsync(first.Admin, pool, "user" + i));
        var hung = await Receiver.WaitForAsync(r => r.Count >= 8);
        await first.DisposeAsync();
        _servers.Remove(first);

        Receiver.Answer = (_, _) => 200;
        var before = Receiver.Received.Count;
        await StartServerAsync();
        var after = (await Receiver.WaitForAsync(r => r.Skip(before).Select(h => h.UserId).Distinct().Count() >= users.Count)).Skip(before).ToList();

        Assert.Equal(users.Order(), after.Select(h => h.UserId!).Distinct().Order());
        Assert.Subset(after.Select(h => h.Id).ToHashSet(), hung.Select(h => h.Id).ToHashSet());
        Assert.All(after, h => Assert.True(StandardWebhookVerifier.Verify(secret, h.Id, h.Timestamp, h.Signature, h.Body, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task A_change_rolled_back_on_a_conflict_sends_nothing()
    {
        var server = await StartServerAsync();
        var pool = await NewPoolAsync(server.Admin);
        await SubscribeAsync(server.Admin, pool, "user.created");
        await NewUserAsync(server.Admin, pool, "ming");
        await Receiver.WaitForAsync(r => r.Count >= 1);

        // The second account's insert conflicts on the username and rolls back: no user, no event.
        await (await server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/users", new { username = "ming" })).AssertProblemAsync(409);
        var test = await server.Admin.PostAsync($"/admin/api/pools/{pool}/webhooks/{(await ListAsync(server, pool))[0]}/test", null);
        Assert.Equal(202, (int)test.StatusCode);

        // The test event queued after the conflict arrives; nothing came between.
        var received = await Receiver.WaitForAsync(r => r.Count >= 2);
        Assert.Equal(["user.created", "webhook.test"], received.Select(r => r.Type));
    }

    [Fact]
    public async Task WeChat_logins_send_created_and_signed_in_and_a_refusal_sends_login_refused()
    {
        // Development: the sandbox and the demo pool's oa-web connection (docs/logins.md#4-in-wechat-web-page-oa-web).
        var server = await StartServerAsync(new() { ["WeGate:Demo"] = "true" }, "Development");
        await server.Service<Demo.DemoReady>().Task;
        await SubscribeAsync(server.Admin, "default", "user.created", "user.signed_in", "login.refused");

        Assert.NotNull((await Durability.OfficialAccountWebLogin.SignInAsync(server.Http.BaseAddress!, "xiaoming", "openid profile")).Tokens);
        Assert.NotNull((await Durability.OfficialAccountWebLogin.SignInAsync(server.Http.BaseAddress!, "xiaoming", "openid profile")).Tokens);
        Assert.Null((await Durability.OfficialAccountWebLogin.SignInAsync(server.Http.BaseAddress!, "snapshot", "openid profile")).Tokens);

        // In order for the user; the refusal has no user, so it waits for nobody.
        var received = await Receiver.WaitForAsync(r => r.Count >= 4);
        var user = received.Where(r => r.UserId is not null).ToList();
        Assert.Equal(["user.created", "user.signed_in", "user.signed_in"], user.Select(r => r.Type));
        Assert.Single(user.Select(r => r.UserId).Distinct());
        Assert.All(received, r => Assert.Equal("oa-web", r.Json.GetProperty("data").GetProperty("actor").GetString()));
        var refused = Assert.Single(received, r => r.UserId is null);
        Assert.Equal(("login.refused", "snapshot"), (refused.Type, refused.Json.GetProperty("data").GetProperty("reason").GetString()));
    }

    private static async Task<List<string>> ListAsync(TestServer server, string pool) =>
        (await (await server.Admin.GetAsync($"/admin/api/pools/{pool}/webhooks")).JsonAsync()).EnumerateArray().Select(w => w.GetProperty("id").GetString()!).ToList();

    private static async Task<JsonElement> PollAsync(TestServer server, string url, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var json = await (await server.Admin.GetAsync(url)).JsonAsync();
            if (done(json))
                return json;
            Assert.True(DateTime.UtcNow < deadline, $"{url} did not reach the state in time: {json}");
            await Task.Delay(100);
        }
    }
}

public sealed class SqliteWebhooks : WebhookContract<SqliteTestDatabase>;

public sealed class PostgresWebhooks : WebhookContract<PostgresTestDatabase>;
