using System.Net;
using System.Text.Json;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;
using WeGate.Server.Connections;
using WeGate.WeChat.Crypto;
using WeGate.WeChat.Messages;

namespace WeGate.Server.Tests.Logins;

// The connection doctor (docs/console.md#the-connection-doctor) against the mounted sandbox over real
// HTTP: each check's pass and each failure's explanation, through the admin API and `wegate doctor`.
public abstract class ConnectionDoctorChecks(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    [Fact]
    public async Task A_well_configured_official_account_passes_every_check_that_can_run()
    {
        var (pool, _) = await FollowConnectionAsync(MessageMode.Safe, wechatToken: null);
        var report = await DoctorAsync(pool, "follow");
        Assert.True(report.GetProperty("passed").GetBoolean(), report.ToString());
        Assert.Equal(["app_secret", "ip_whitelist", "public_url", "server_url", "message_mode", "wechat_pushes", "open_platform"], Ids(report));
        Assert.Contains("safe-mode push", Check(report, "message_mode").Summary, StringComparison.Ordinal);
        Assert.Equal("skipped", Check(report, "open_platform").Outcome);
    }

    [Fact]
    public async Task A_wrong_app_secret_fails_and_says_where_to_copy_it_from()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        Assert.Equal(200, (int)(await Server.Admin.PutJsonAsync($"/admin/api/pools/{w.Pool}/connections/{w.Slug}",
            new { app_secret = "0123456789abcdef0123456789abcdef" })).StatusCode);
        var report = await DoctorAsync(w.Pool, w.Slug);
        Assert.False(report.GetProperty("passed").GetBoolean());
        var secret = Check(report, "app_secret");
        Assert.Equal("fail", secret.Outcome);
        Assert.Contains("errcode 40125", secret.Summary, StringComparison.Ordinal);
        Assert.Contains("The AppSecret is wrong, or was reset", secret.Fix, StringComparison.Ordinal);
        Assert.Equal("skipped", Check(report, "ip_whitelist").Outcome);
    }

    [Fact]
    public async Task The_chinese_console_reads_every_finding_in_chinese()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        Assert.Equal(200, (int)(await Server.Admin.PutJsonAsync($"/admin/api/pools/{w.Pool}/connections/{w.Slug}",
            new { app_secret = "0123456789abcdef0123456789abcdef" })).StatusCode);
        var doctor = Server.Service<ConnectionDoctor>();
        var english = (await doctor.ExamineAsync(w.Pool, w.Slug, CancellationToken.None))!;
        var chinese = (await doctor.ExamineAsync(w.Pool, w.Slug, CancellationToken.None, DoctorTexts.Chinese))!;
        Assert.Equal(english.Checks.Select(c => (c.Id, c.Outcome)), chinese.Checks.Select(c => (c.Id, c.Outcome)));
        foreach (var (en, zh) in english.Checks.Zip(chinese.Checks))
        {
            Assert.NotEqual(en.Summary, zh.Summary);
            if (en.Fix is not null)
                Assert.NotEqual(en.Fix, zh.Fix);
        }
        var secret = chinese.Checks.Single(c => c.Id == "app_secret");
        Assert.StartsWith("微信拒绝了 cgi-bin/stable_token，errcode 40125", secret.Summary, StringComparison.Ordinal);
        Assert.StartsWith("AppSecret 不正确，或已在mp.weixin.qq.com", secret.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_off_the_ip_whitelist_is_named_in_the_fix()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram");
        await Sandbox.UpdateAppAsync(w.App.AppId, new UpdateAppRequest { IpWhitelist = ["203.0.113.7"] });
        var report = await DoctorAsync(w.Pool, w.Slug);
        var ip = Check(report, "ip_whitelist");
        Assert.Equal("fail", ip.Outcome);
        Assert.Contains("errcode 40164", ip.Summary, StringComparison.Ordinal);
        Assert.Contains("Add 127.0.0.1 to the IP whitelist (IP白名单) of " + w.App.AppId, ip.Fix, StringComparison.Ordinal);
        Assert.Equal("skipped", Check(report, "app_secret").Outcome);

        await Sandbox.UpdateAppAsync(w.App.AppId, new UpdateAppRequest { IpWhitelist = ["127.0.0.1"] });
        Assert.Equal("pass", Check(await DoctorAsync(w.Pool, w.Slug), "ip_whitelist").Outcome);
    }

    [Fact]
    public async Task A_token_that_differs_in_wechat_shows_as_refused_pushes_until_the_connection_is_fixed()
    {
        var (pool, app) = await FollowConnectionAsync(MessageMode.Plaintext, wechatToken: "OtherToken42");
        var persona = await PersonaAsync();
        var follow = await Sandbox.FollowAsync(app.AppId, persona.Id);
        await Server.Http.GetAsync($"/sandbox/control/deliveries/{follow.DeliveryId}?wait=true");

        var report = await DoctorAsync(pool, "follow");
        Assert.Equal("pass", Check(report, "server_url").Outcome);
        var pushes = Check(report, "wechat_pushes");
        Assert.Equal("fail", pushes.Outcome);
        Assert.True(pushes.Inferred);
        Assert.Contains("InvalidSignature", pushes.Summary, StringComparison.Ordinal);
        Assert.Contains("The Token in the official account's 服务器配置 differs from the connection's", pushes.Fix, StringComparison.Ordinal);

        Assert.Equal(200, (int)(await Server.Admin.PutJsonAsync($"/admin/api/pools/{pool}/connections/follow", new { token = "OtherToken42" })).StatusCode);
        Assert.Equal("pass", Check(await DoctorAsync(pool, "follow"), "wechat_pushes").Outcome);
    }

    [Fact]
    public async Task An_encoding_aes_key_that_differs_in_wechat_is_explained()
    {
        var (pool, app) = await FollowConnectionAsync(MessageMode.Safe, wechatToken: null);
        await Sandbox.UpdateAppAsync(app.AppId, new UpdateAppRequest { EncodingAesKey = EncodingAesKey.Generate().Text });
        var follow = await Sandbox.FollowAsync(app.AppId, (await PersonaAsync()).Id);
        await Server.Http.GetAsync($"/sandbox/control/deliveries/{follow.DeliveryId}?wait=true");
        var pushes = Check(await DoctorAsync(pool, "follow"), "wechat_pushes");
        Assert.Equal("fail", pushes.Outcome);
        Assert.Contains("EncodingAESKey", pushes.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_url_that_leads_nowhere_fails_with_what_to_check()
    {
        var (pool, _) = await FollowConnectionAsync(MessageMode.Plaintext, wechatToken: null);
        Assert.Equal(200, (int)(await Server.Admin.PutJsonAsync($"/admin/api/pools/{pool}/connections/follow", new { enabled = false })).StatusCode);
        var report = await DoctorAsync(pool, "follow");
        Assert.Equal("fail", Check(report, "server_url").Outcome);
        Assert.Equal("Enable the connection.", Check(report, "server_url").Fix);
        Assert.Equal("skipped", Check(report, "message_mode").Outcome);
    }

    [Fact]
    public async Task A_mini_program_page_that_is_not_released_fails_with_41030_and_a_trial_build_is_not_checked()
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "mp-qr", settings: _ => new { page = "pages/login/index" });
        await Sandbox.UpdateAppAsync(w.App.AppId, new UpdateAppRequest { PublishedPages = ["pages/index/index"] });
        var page = Check(await DoctorAsync(w.Pool, w.Slug), "mini_program_page");
        Assert.Equal("fail", page.Outcome);
        Assert.Contains("errcode 41030", page.Summary, StringComparison.Ordinal);
        Assert.Contains("Release a version that has the page pages/login/index", page.Fix, StringComparison.Ordinal);

        await Sandbox.UpdateAppAsync(w.App.AppId, new UpdateAppRequest { PublishedPages = ["pages/index/index", "pages/login/index"] });
        Assert.Equal("pass", Check(await DoctorAsync(w.Pool, w.Slug), "mini_program_page").Outcome);

        Assert.Equal(200, (int)(await Server.Admin.PutJsonAsync($"/admin/api/pools/{w.Pool}/connections/{w.Slug}",
            new { settings = new { page = "pages/new/index", env_version = "trial" } })).StatusCode);
        Assert.Equal("skipped", Check(await DoctorAsync(w.Pool, w.Slug), "mini_program_page").Outcome);
    }

    [Theory]
    [InlineData(null, "fail")]
    [InlineData("op-main", "pass")]
    public async Task Open_platform_binding_is_inferred_from_the_unionids_of_recent_sign_ins(string? openPlatform, string outcome)
    {
        var w = await WorldAsync(SandboxAppType.MiniProgram, "miniprogram", openPlatform: openPlatform);
        Assert.Equal("skipped", Check(await DoctorAsync(w.Pool, w.Slug), "open_platform").Outcome);
        var persona = await PersonaAsync();
        var code = await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id);
        Assert.Equal(200, (int)(await ExchangeAsync(w, "urn:wegate:params:oauth:token-type:wechat-miniprogram-code", code.Code)).StatusCode);

        var bound = Check(await DoctorAsync(w.Pool, w.Slug), "open_platform");
        Assert.Equal(outcome, bound.Outcome);
        Assert.True(bound.Inferred);
        Assert.StartsWith("Inferred from sign-ins", bound.Summary, StringComparison.Ordinal);
        if (outcome == "fail")
            Assert.Contains("Bind the app to your Open Platform account", bound.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_website_app_is_checked_by_its_code_exchange_and_its_state_length()
    {
        var w = await WorldAsync(SandboxAppType.Website, "website-qr");
        var report = await DoctorAsync(w.Pool, w.Slug);
        Assert.True(report.GetProperty("passed").GetBoolean(), report.ToString());
        Assert.Equal(["app_secret", "ip_whitelist", "public_url", "state_length", "open_platform"], Ids(report));
        Assert.Contains("errcode 40029", Check(report, "app_secret").Summary, StringComparison.Ordinal);
        Assert.Equal("skipped", Check(report, "ip_whitelist").Outcome);
        Assert.Equal("WeGate's state is 32 letters and digits; WeChat takes at most 128 bytes of a-z, A-Z and 0-9.", Check(report, "state_length").Summary);
    }

    [Fact]
    public async Task The_admin_api_answers_404_for_an_unknown_connection()
    {
        var w = await WorldAsync(SandboxAppType.Mobile, "mobile");
        await (await Server.Admin.PostAsync($"/admin/api/pools/{w.Pool}/connections/nope/doctor", null)).AssertProblemAsync(404);
        await (await Server.Http.PostAsync($"/admin/api/pools/{w.Pool}/connections/{w.Slug}/doctor", null)).AssertProblemAsync(401);
    }

    [Fact]
    public async Task Wegate_doctor_prints_one_line_per_check_and_exits_1_when_one_fails()
    {
        var good = await WorldAsync(SandboxAppType.Mobile, "mobile");
        using var passing = new StringWriter();
        Assert.Equal(0, await DoctorCommand.RunAsync(Server.App.Services, good.Pool, null, passing, CancellationToken.None));
        Assert.Contains($"{good.Pool}/mobile (mobile): every check passed", passing.ToString(), StringComparison.Ordinal);
        Assert.Contains("  PASS    app_secret         WeChat accepted the AppID", passing.ToString(), StringComparison.Ordinal);

        Assert.Equal(200, (int)(await Server.Admin.PutJsonAsync($"/admin/api/pools/{good.Pool}/connections/mobile",
            new { app_secret = "0123456789abcdef0123456789abcdef" })).StatusCode);
        using var failing = new StringWriter();
        Assert.Equal(1, await DoctorCommand.RunAsync(Server.App.Services, good.Pool, "mobile", failing, CancellationToken.None));
        var lines = failing.ToString().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("  FAIL    app_secret         WeChat refused sns/oauth2/access_token with errcode 40125", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(new string(' ', 29) + "fix: The AppSecret is wrong", StringComparison.Ordinal));
        await Assert.ThrowsAsync<WeGate.Server.Hosting.StartupException>(() => DoctorCommand.RunAsync(Server.App.Services, good.Pool, "nope", TextWriter.Null, CancellationToken.None));
    }

    // An oa-follow connection and its sandbox official account, whose server URL is the connection's
    // callback; wechatToken: what the account signs with, when it is not the connection's.
    private async Task<(string Pool, SandboxApp App)> FollowConnectionAsync(MessageMode mode, string? wechatToken)
    {
        var pool = "p" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(201, (int)(await Server.Admin.PostJsonAsync("/admin/api/pools", new { name = pool })).StatusCode);
        var key = mode == MessageMode.Plaintext ? null : EncodingAesKey.Generate().Text;
        var callback = new Uri(Server.Http.BaseAddress!, $"/pools/{pool}/login/oa-follow/follow/callback").ToString();
        var app = await Sandbox.CreateAppAsync(new CreateAppRequest(SandboxAppType.OfficialAccount)
        {
            OpenPlatformAccount = "op-main", Token = wechatToken ?? "RightToken42", EncodingAesKey = key, MessageMode = mode,
        });
        var created = await Server.Admin.PostJsonAsync($"/admin/api/pools/{pool}/connections", new
        {
            slug = "follow", type = "oa-follow", display_name = "Follow", app_id = app.AppId, app_secret = app.Secret, token = "RightToken42",
            encoding_aes_key = key, settings = new { message_mode = mode.ToString().ToLowerInvariant(), original_id = app.OriginalId },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Sandbox.UpdateAppAsync(app.AppId, new UpdateAppRequest { ServerUrl = callback });
        return (pool, app);
    }

    private async Task<JsonElement> DoctorAsync(string pool, string slug)
    {
        var response = await Server.Admin.PostAsync($"/admin/api/pools/{pool}/connections/{slug}/doctor", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static string[] Ids(JsonElement report) => [.. report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];

    private static DoctorCheck Check(JsonElement report, string id)
    {
        var c = report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
        return new DoctorCheck(id, c.GetProperty("outcome").GetString()!, c.GetProperty("summary").GetString()!,
            c.TryGetProperty("fix", out var fix) ? fix.GetString() : null, c.TryGetProperty("inferred", out var inferred) && inferred.GetBoolean());
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteConnectionDoctorChecks(SqliteSandboxServer f) : ConnectionDoctorChecks(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresConnectionDoctorChecks(PostgresSandboxServer f) : ConnectionDoctorChecks(f.Db, () => f.Server);
