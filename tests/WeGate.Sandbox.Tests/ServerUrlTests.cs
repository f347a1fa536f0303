using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Push;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

// The sandbox's own host, two operator-allowed hosts, and the short push deadline of PushSandboxHost.
public sealed class ServerUrlSandboxHost : SandboxHost
{
    public const string PublicHost = "wegate.example.test";

    protected override SandboxOptions Options() => new()
    {
        PushDeadline = PushSandboxHost.Deadline,
        PublicUrl = $"https://{PublicHost}",
        AllowedServerHosts = ["callback.example.test", "*.apps.example.test"],
    };
}

// A server URL is fetched and its answer reported, so it may only point at this machine, the sandbox's
// own host or hosts the operator allowed; redirects are answers, not second requests.
public sealed class ServerUrlTests(ServerUrlSandboxHost host) : IClassFixture<ServerUrlSandboxHost>
{
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.1:8080/admin")]
    [InlineData("https://example.com/wechat")]
    [InlineData("http://0.0.0.0:5432/")]
    [InlineData("http://localhost.example.com/")]
    [InlineData("http://apps.example.test.evil.test/")]
    public async Task A_server_url_elsewhere_is_refused_at_registration_and_update_saying_what_to_fix(string url)
    {
        using var created = await host.Http().PostAsJsonAsync(new Uri(host.Root, "control/apps"), OfficialAccount(url), SandboxControlJson.Options);
        var app = await host.Control.CreateAppAsync(OfficialAccount(null));
        using var patched = await host.Http().PatchAsJsonAsync(new Uri(host.Root, $"control/apps/{app.AppId}"), new UpdateAppRequest { ServerUrl = url }, SandboxControlJson.Options);

        foreach (var response in new[] { created, patched })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
            Assert.Contains("AllowedServerHosts", detail, StringComparison.Ordinal);
            Assert.Contains(new Uri(url).IdnHost, detail, StringComparison.Ordinal);
        }

        Assert.Null((await host.Control.ListAppsAsync()).Single(listed => listed.AppId == app.AppId).ServerUrl);
    }

    [Theory]
    [InlineData("http://localhost:5080/wechat")]
    [InlineData("http://127.0.0.2/wechat")]
    [InlineData("http://[::1]:8080/wechat")]
    [InlineData("http://wegate.localhost/wechat")]
    [InlineData("https://wegate.example.test/pools/default/login/oa-follow/wx/callback")]
    [InlineData("https://callback.example.test/wechat")]
    [InlineData("https://oa.apps.example.test/wechat")]
    public async Task Loopback_the_sandboxs_own_host_and_allowed_hosts_are_accepted(string url)
    {
        var app = await host.Control.CreateAppAsync(OfficialAccount(url));

        Assert.Equal(url, app.ServerUrl);
    }

    [Fact]
    public async Task A_redirect_is_reported_and_never_followed_by_a_push_or_a_verification()
    {
        await using var target = await StubServer.StartAsync(_ => Results.Text("secret"));
        await using var server = await StubServer.StartAsync(_ => Results.Redirect(target.Url.ToString()));
        var (app, delivery) = await PushAsync(server.Url);

        var verification = await host.Control.VerifyServerAsync(app.AppId);

        Assert.Equal(DeliveryOutcome.InvalidReply, delivery.Outcome);
        Assert.Equal(302, delivery.Attempts[0].Status);
        Assert.Contains("redirects are not followed", delivery.Attempts[0].Error, StringComparison.Ordinal);
        Assert.False(verification.Verified);
        Assert.Equal(302, verification.Status);
        Assert.Empty(target.Hits);
        Assert.Equal(2, server.Hits.Count);
    }

    [Fact]
    public async Task What_came_back_is_reported_as_a_short_text_excerpt_not_the_body()
    {
        var body = "<html>" + new string('x', 10_000) + "\u0001</html>";
        await using var server = await StubServer.StartAsync(_ => Results.Content(body, "text/html", statusCode: 500));
        await using var image = await StubServer.StartAsync(_ => Results.Bytes(new byte[5000], "image/png"));
        var (app, delivery) = await PushAsync(server.Url);
        var (other, _) = await PushAsync(image.Url);

        var verification = await host.Control.VerifyServerAsync(app.AppId);
        var binary = await host.Control.VerifyServerAsync(other.AppId);

        Assert.Equal("HTTP 500.", delivery.Attempts[0].Error);
        Assert.Equal((500, "HTTP 500."), (verification.Status, verification.Error));
        foreach (var excerpt in new[] { delivery.Attempts[0].Reply!, verification.Body! })
        {
            Assert.StartsWith("<html>xxx", excerpt, StringComparison.Ordinal);
            Assert.InRange(excerpt.Length, 1, 201);
        }

        Assert.Equal("(5000 bytes of image/png)", binary.Body);
        Assert.Contains("not the echostr", binary.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_no_longer_allowed_at_push_time_gets_no_request_and_the_delivery_says_why()
    {
        var app = await host.Control.CreateAppAsync(OfficialAccount("https://gone.apps.example.test/wechat"));
        var persona = await host.PersonaAsync();
        host.Settings.AllowedServerHosts.Remove("*.apps.example.test");
        try
        {
            var follow = await host.Control.FollowAsync(app.AppId, persona.Id);
            var delivery = await host.Control.DeliveryAsync(follow.DeliveryId!, wait: true);
            using var verify = await host.Http().PostAsJsonAsync(new Uri(host.Root, $"control/apps/{app.AppId}/verify-server"), new { });

            var attempt = Assert.Single(delivery.Attempts);
            Assert.Equal((DeliveryOutcome.Failed, null), (attempt.Outcome, attempt.Status));
            Assert.Contains("AllowedServerHosts", attempt.Error, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, verify.StatusCode);
            Assert.Contains("AllowedServerHosts", await verify.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            host.Settings.AllowedServerHosts.Add("*.apps.example.test");
        }
    }

    private static CreateAppRequest OfficialAccount(string? serverUrl) =>
        new(SandboxAppType.OfficialAccount) { ServerUrl = serverUrl, Token = "token1" };

    // An official account pushing to `url` and the delivery of one follow.
    private async Task<(SandboxApp App, SandboxDelivery Delivery)> PushAsync(Uri url)
    {
        var app = await host.Control.CreateAppAsync(OfficialAccount(url.ToString()));
        var persona = await host.PersonaAsync();
        var follow = await host.Control.FollowAsync(app.AppId, persona.Id);
        return (app, await host.Control.DeliveryAsync(follow.DeliveryId!, wait: true));
    }
}
