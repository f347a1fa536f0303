using System.Net;
using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Server.Demo;
using WeGate.Server.Tests.OidcFlow;
using WeGate.Testing;

namespace WeGate.Server.Tests.Logins;

// The first README command's promise: in Development, a demo pool with every login type ready to try.
public sealed class DemoTests(SqliteTestDatabase db) : IClassFixture<SqliteTestDatabase>
{
    private static readonly Dictionary<string, string?> DemoOn = new() { ["WeGate:Demo"] = "true" };

    [Fact]
    public async Task Development_prepares_one_connection_of_each_type_and_a_demo_that_signs_a_mini_program_user_in_even_after_a_restart()
    {
        for (var start = 0; start < 2; start++)
        {
            await using var server = await TestServer.StartAsync(db, DemoOn, environment: "Development");
            await server.Service<DemoReady>().Task.WaitAsync(TimeSpan.FromSeconds(30));

            var connections = await server.Service<IConnectionStore>().ListAsync("default");
            var demo = await server.Service<IApplicationStore>().GetAsync("default", "demo");
            Assert.Equal(ConnectionType.All.Order(StringComparer.Ordinal),
                connections.Where(c => demo!.Connections.Contains(c.Slug)).Select(c => c.Type).Order(StringComparer.Ordinal));
            // The second demo application asks to bind (docs/logins.md#trying-them-in-the-demo).
            var bind = await server.Service<IApplicationStore>().GetAsync("default", "demo-bind");
            Assert.Equal(BindingPolicy.AskToBind, Assert.Single(connections, c => c.Slug == Assert.Single(bind!.Connections)).BindingPolicy);
            // … and wears its own logo and colour (docs/logins.md#branding), which pass the admin API's checks.
            Assert.Equal(DemoWorld.BindBranding, bind!.Branding);
            var errors = new WeGate.Core.Validation.ValidationErrors();
            ApplicationRules.Validate(bind, errors);
            Assert.Empty(errors.ToDictionary());
            Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/")).StatusCode);

            using var browser = new Browser(server.Http.BaseAddress!);
            var sandbox = new WeGate.Sandbox.Control.SandboxControlClient(server.Http, new Uri(server.Http.BaseAddress!, "/sandbox/"));
            var code = (await sandbox.IssueJsCodeAsync(DemoWorld.MiniProgramAppId, "xiaoming")).Code;
            var phone = (await sandbox.IssuePhoneCodeAsync(DemoWorld.MiniProgramAppId, "xiaoming")).Code;
            var exchanged = await browser.PostFormAsync("/demo/exchange", new Dictionary<string, string> { ["kind"] = "miniprogram", ["code"] = code, ["phone_code"] = phone });
            Assert.Equal(HttpStatusCode.Redirect, exchanged.StatusCode);
            var page = WebUtility.HtmlDecode(await (await browser.GetAsync("/demo")).Content.ReadAsStringAsync());
            Assert.Contains("+8613800138000", page, StringComparison.Ordinal);
            Assert.Contains("wechat_unionid", page, StringComparison.Ordinal);

            // Flow 7 by hand: the demo opens a ticket, the mini program confirms it, the app redeems it.
            using var app = new Browser(server.Http.BaseAddress!);
            Assert.Equal(HttpStatusCode.Redirect, (await app.PostFormAsync("/demo/app-mp/open", new Dictionary<string, string>())).StatusCode);
            Assert.Contains("pages/login/index?ticket=", await (await app.GetAsync("/demo")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var mpCode = (await sandbox.IssueJsCodeAsync(DemoWorld.MiniProgramAppId, "xiaohong")).Code;
            Assert.Equal(HttpStatusCode.Redirect, (await app.PostFormAsync("/demo/app-mp/confirm", new Dictionary<string, string> { ["code"] = mpCode })).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await app.PostFormAsync("/demo/app-mp/redeem", new Dictionary<string, string>())).StatusCode);
            Assert.Contains("app launches mini program (ticket)", WebUtility.HtmlDecode(await (await app.GetAsync("/demo")).Content.ReadAsStringAsync()), StringComparison.Ordinal);

            var toLogin = await browser.GetAsync("/demo/login");
            Assert.Contains("/pools/default/oauth2/authorize", toLogin.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    // A data directory used before at another address (another port): the demo's application follows.
    [Fact]
    public async Task The_demo_application_follows_WeGate_to_another_address()
    {
        await using (var earlier = await TestServer.StartAsync(db, DemoOn, environment: "Development"))
        {
            await earlier.Service<DemoReady>().Task.WaitAsync(TimeSpan.FromSeconds(30));
            var demo = (await earlier.Service<IApplicationStore>().GetAsync("default", DemoWorld.ClientId))!;
            await earlier.Service<IApplicationStore>().UpdateAsync(demo with { RedirectUris = ["http://127.0.0.1:1/demo/callback"] });
        }

        await using var server = await TestServer.StartAsync(db, DemoOn, environment: "Development");
        await server.Service<DemoReady>().Task.WaitAsync(TimeSpan.FromSeconds(30));

        var redirects = (await server.Service<IApplicationStore>().GetAsync("default", DemoWorld.ClientId))!.RedirectUris;
        Assert.Equal([new Uri(server.Http.BaseAddress!, "/demo/callback").ToString()], redirects);
        using var browser = new Browser(server.Http.BaseAddress!);
        var toLogin = await browser.GetAsync("/demo/login");
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.GetAsync(toLogin.Headers.Location!.ToString())).StatusCode);
    }
}
