using System.Net.Http.Json;
using WeGate.Core.Tickets;
using WeGate.Sandbox.Faults;
using WeGate.Server.Errors;
using WeGate.Server.Login.Tickets;
using WeGate.Storage.Stores;

namespace WeGate.Server.Tests.Logins;

// Flow 3, mp-qr (docs/logins.md#3-mini-program-code-on-pc-mp-qr): the PC login page shows a mini program code whose
// scene is a login ticket; the mini program confirms it with wx.login (and the phone); the PC is signed in.
public abstract partial class MiniProgramQrLogins(WeGate.Testing.TestDatabase db, Func<TestServer> server) : LoginContract(db, server)
{
    [Fact]
    public async Task A_pc_browser_is_signed_in_when_the_mini_program_confirms_the_code_it_shows_with_the_phone_number()
    {
        var w = await MpQrWorldAsync();
        var persona = await PersonaAsync(phone: "13700137000");
        var page = await OpenMpQrPageAsync(w);
        Assert.NotNull(page.Ticket);
        Assert.InRange(page.Ticket.Length, 1, 32);
        Assert.Contains("<img src=\"data:image/png;base64,", page.Html, StringComparison.Ordinal);
        Assert.Contains("src=\"/login/ticket.js\"", page.Html, StringComparison.Ordinal);

        // WeChat drew the code with the ticket as its scene, for the connection's page.
        var drawn = (await (await Server.Http.GetAsync("/sandbox/control/scannables")).JsonAsync()).EnumerateArray()
            .Single(s => s.GetProperty("kind").GetString() == "miniprogram-code" && s.GetProperty("appId").GetString() == w.App.AppId);
        Assert.Equal(page.Ticket, drawn.GetProperty("scene").GetString());
        Assert.Equal("pages/login/index", drawn.GetProperty("page").GetString());

        var scanned = await Server.Http.PostAsJsonAsync($"/pools/{w.Pool}/login/mp-qr/scan", new { scene = page.Ticket });
        Assert.Equal(200, (int)scanned.StatusCode);
        var scan = await scanned.JsonAsync();
        Assert.Equal("PC Site", scan.GetProperty("application").GetString());
        Assert.InRange(scan.GetProperty("expires_in").GetInt32(), 1, 300);
        Assert.Equal("scanned", await MpQrStateAsync(w, page));

        var confirmed = await MpQrConfirmAsync(w, await MpQrCodesAsync(w, page.Ticket, persona, phone: true));
        Assert.Equal(200, (int)confirmed.StatusCode);
        Assert.Equal("confirmed", (await confirmed.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal("confirmed", await MpQrStateAsync(w, page));

        var claims = await MpQrCompleteAsync(w, page);
        Assert.Equal("+8613700137000", claims.GetProperty("phone_number").GetString());
        Assert.Equal("consumed", await MpQrStateAsync(w, page));
        Assert.Equal(1, await MpQrUserCountAsync(w));
        Assert.Contains(await MpQrAuditAsync(w), e => e.Type == "login.created");
    }

    [Fact]
    public async Task The_login_page_speaks_chinese_and_the_virtual_phones_field_names_are_accepted()
    {
        var w = await MpQrWorldAsync();
        var persona = await PersonaAsync(phone: "13700137001");
        var page = await OpenMpQrPageAsync(w, locale: "zh-CN");
        Assert.Contains("请打开微信，扫一扫上方的小程序码登录。", page.Html, StringComparison.Ordinal);

        var other = await MpQrConfirmAsync(w, new { appId = "wx0000000000000000", scene = page.Ticket, code = "x" });
        await ErrorAssert.AnswersAsync(other, WeGateErrors.SceneOfAnotherMiniProgram);

        var confirmed = await MpQrConfirmAsync(w, new
        {
            appId = w.App.AppId, scene = page.Ticket,
            code = (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code,
            phoneCode = (await Sandbox.IssuePhoneCodeAsync(w.App.AppId, persona.Id)).Code,
        });
        Assert.Equal(200, (int)confirmed.StatusCode);
        Assert.Equal("+8613700137001", (await MpQrCompleteAsync(w, page)).GetProperty("phone_number").GetString());
    }

    [Fact]
    public async Task An_expired_ticket_is_refused_before_any_code_is_spent_and_the_browser_sees_it_expired()
    {
        var w = await MpQrWorldAsync();
        var persona = await PersonaAsync();
        var page = await OpenMpQrPageAsync(w);
        var expired = new LoginTicket
        {
            Id = LoginTickets.NewId(), Pool = w.Pool, Kind = TicketKind.MiniProgramQr, ConnectionSlug = w.Slug, RequestId = page.Request,
            ExpiresAt = Server.Service<TimeProvider>().GetUtcNow().AddSeconds(-1),
        };
        await Server.Service<ILoginTicketStore>().CreateAsync(expired);

        var refused = await MpQrConfirmAsync(w, await MpQrCodesAsync(w, expired.Id, persona));
        await ErrorAssert.AnswersAsync(refused, WeGateErrors.SceneExpired);
        Assert.Equal(0, await MpQrCallsAsync(w, "sns/jscode2session"));
        Assert.Equal("expired", await MpQrStateAsync(w, page, expired.Id));
        Assert.Equal(0, await MpQrUserCountAsync(w));
        Assert.Contains(await MpQrAuditAsync(w), e => e.Type == "login.failed" && e.Reason == $"mp-qr {WeGateErrors.SceneExpired.Id}: ticket expired");
    }

    [Fact]
    public async Task A_used_ticket_cannot_sign_in_again_and_a_replayed_wx_login_code_signs_in_nobody()
    {
        var w = await MpQrWorldAsync();
        var persona = await PersonaAsync();
        var first = await OpenMpQrPageAsync(w);
        var codes = await MpQrCodesAsync(w, first.Ticket!, persona);
        Assert.Equal(200, (int)(await MpQrConfirmAsync(w, codes)).StatusCode);

        var again = await MpQrConfirmAsync(w, await MpQrCodesAsync(w, first.Ticket!, persona));
        await ErrorAssert.AnswersAsync(again, WeGateErrors.SceneUsed);
        await MpQrCompleteAsync(w, first);
        await ErrorAssert.AnswersAsync(await MpQrConfirmAsync(w, await MpQrCodesAsync(w, first.Ticket!, persona)), WeGateErrors.SceneUsed);

        // The same wx.login code against a fresh code on another PC: WeChat says 40163, the ticket waits on.
        var second = await OpenMpQrPageAsync(w);
        var replayed = await MpQrConfirmAsync(w, new { scene = second.Ticket, code = codes.Code });
        var error = await ErrorAssert.AnswersAsync(replayed, WeGateErrors.WeChatRefusedCode);
        Assert.Contains("errcode 40163", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal("pending", await MpQrStateAsync(w, second));
        Assert.Equal(1, await MpQrUserCountAsync(w));
        var audit = await MpQrAuditAsync(w);
        Assert.Contains(audit, e => e.Type == "login.failed" && e.Reason == $"mp-qr {WeGateErrors.SceneUsed.Id}: ticket confirmed");
        Assert.Contains(audit, e => e.Type == "login.failed" && e.Reason == $"mp-qr {WeGateErrors.SceneUsed.Id}: ticket consumed");
        Assert.Contains(audit, e => e.Type == "login.failed" && e.Reason!.Contains("errcode 40163", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_phone_code_from_another_mini_program_is_refused_and_leaves_no_user_and_a_waiting_ticket()
    {
        var w = await MpQrWorldAsync();
        var elsewhere = await Sandbox.CreateAppAsync(new WeGate.Sandbox.Control.CreateAppRequest(WeGate.Sandbox.Registry.SandboxAppType.MiniProgram));
        var persona = await PersonaAsync(phone: "13700137002");
        var page = await OpenMpQrPageAsync(w);

        var refused = await MpQrConfirmAsync(w, new
        {
            scene = page.Ticket,
            code = (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code,
            phone_code = (await Sandbox.IssuePhoneCodeAsync(elsewhere.AppId, persona.Id)).Code,
        });
        var error = await ErrorAssert.AnswersAsync(refused, WeGateErrors.WeChatRefusedCode);
        Assert.Contains("errcode 40029", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal("pending", await MpQrStateAsync(w, page));
        Assert.Equal(0, await MpQrUserCountAsync(w));

        // The legacy encryptedData/iv pair is read too; one that this login's session cannot decrypt is refused.
        var forged = await MpQrConfirmAsync(w, new
        {
            scene = page.Ticket, code = (await Sandbox.IssueJsCodeAsync(w.App.AppId, persona.Id)).Code,
            encrypted_data = Convert.ToBase64String(new byte[32]), iv = Convert.ToBase64String(new byte[16]),
        });
        await ErrorAssert.AnswersAsync(forged, WeGateErrors.EncryptedDataUnreadable);
        Assert.Equal(0, await MpQrUserCountAsync(w));

        Assert.Equal(200, (int)(await MpQrConfirmAsync(w, await MpQrCodesAsync(w, page.Ticket!, persona, phone: true))).StatusCode);
        Assert.Equal("+8613700137002", (await MpQrCompleteAsync(w, page)).GetProperty("phone_number").GetString());
    }

    [Fact]
    public async Task WeChat_errcodes_during_the_confirmation_reach_the_mini_program_and_leave_no_half_made_user()
    {
        var w = await MpQrWorldAsync();
        var persona = await PersonaAsync(phone: "13700137003");
        var page = await OpenMpQrPageAsync(w);
        try
        {
            await Sandbox.SetFaultAsync(new SandboxFault("sns/jscode2session") { ErrCode = 40226, Count = 1 });
            var blocked = await MpQrConfirmAsync(w, await MpQrCodesAsync(w, page.Ticket!, persona));
            var blockedError = await ErrorAssert.AnswersAsync(blocked, WeGateErrors.WeChatRefusedCode);
            Assert.Contains("errcode 40226", blockedError.GetProperty("error_description").GetString(), StringComparison.Ordinal);

            // Busy WeChat: 503, and the single-use code is not retried.
            await Sandbox.SetFaultAsync(new SandboxFault("sns/jscode2session") { ErrCode = -1, Count = 1 });
            var before = await MpQrCallsAsync(w, "sns/jscode2session");
            var busy = await MpQrConfirmAsync(w, await MpQrCodesAsync(w, page.Ticket!, persona));
            await ErrorAssert.AnswersAsync(busy, WeGateErrors.WeChatUnavailable);
            Assert.Equal(before + 1, await MpQrCallsAsync(w, "sns/jscode2session"));

            // The session is known but the phone step fails: nobody is created.
            await Sandbox.SetFaultAsync(new SandboxFault("wxa/business/getuserphonenumber") { ErrCode = -1, Count = 1 });
            var noPhone = await MpQrConfirmAsync(w, await MpQrCodesAsync(w, page.Ticket!, persona, phone: true));
            Assert.Equal(503, (int)noPhone.StatusCode);
            Assert.Equal(0, await MpQrUserCountAsync(w));
            Assert.Equal("pending", await MpQrStateAsync(w, page));
        }
        finally
        {
            await Sandbox.ClearFaultsAsync();
        }

        Assert.Equal(3, (await MpQrAuditAsync(w)).Count(e => e.Type == "login.failed"));
        Assert.Equal(200, (int)(await MpQrConfirmAsync(w, await MpQrCodesAsync(w, page.Ticket!, persona, phone: true))).StatusCode);
        Assert.Equal("+8613700137003", (await MpQrCompleteAsync(w, page)).GetProperty("phone_number").GetString());
        Assert.Equal(1, await MpQrUserCountAsync(w));
    }

    [Fact]
    public async Task A_getwxacodeunlimit_error_is_shown_on_the_login_page_beside_the_password_form_and_audited()
    {
        var w = await MpQrWorldAsync();
        try
        {
            await Sandbox.SetFaultAsync(new SandboxFault("wxa/getwxacodeunlimit") { ErrCode = 41030 });
            var refused = await OpenMpQrPageAsync(w);
            Assert.Null(refused.Ticket);
            Assert.Contains("WeChat refused it (errcode 41030)", refused.Html, StringComparison.Ordinal);
            Assert.Contains("name=\"password\"", refused.Html, StringComparison.Ordinal);

            // -1 is retried (drawing a code is repeatable); when WeChat stays busy the page says so.
            await Sandbox.SetFaultAsync(new SandboxFault("wxa/getwxacodeunlimit") { ErrCode = -1 });
            var busy = await OpenMpQrPageAsync(w);
            Assert.Null(busy.Ticket);
            Assert.Contains("WeChat is busy", busy.Html, StringComparison.Ordinal);
        }
        finally
        {
            await Sandbox.ClearFaultsAsync();
        }

        var audit = await MpQrAuditAsync(w);
        Assert.Contains(audit, e => e.Type == "login.failed" && e.Reason == "mp-qr: getwxacodeunlimit errcode 41030");
        Assert.Contains(audit, e => e.Type == "login.failed" && e.Reason == "mp-qr: getwxacodeunlimit errcode -1");

        // A single -1 is absorbed by the retry.
        await Sandbox.SetFaultAsync(new SandboxFault("wxa/getwxacodeunlimit") { ErrCode = -1, Count = 1 });
        Assert.NotNull((await OpenMpQrPageAsync(w)).Ticket);
    }

    [Fact]
    public async Task Unknown_scenes_and_the_tickets_of_other_logins_are_refused_to_the_mini_program()
    {
        var w = await MpQrWorldAsync();
        var persona = await PersonaAsync();
        var page = await OpenMpQrPageAsync(w);
        var other = await Server.Admin.PostJsonAsync($"/admin/api/pools/{w.Pool}/connections", new
        {
            slug = "mp", type = "miniprogram", display_name = "MP", app_id = w.App.AppId, app_secret = w.App.Secret,
        });
        Assert.Equal(201, (int)other.StatusCode);
        var otherLogin = await Server.Service<LoginTickets>().CreateForPageAsync(w.Pool, TicketKind.Follow, "mp", page.Request, null, default);

        foreach (var scene in new[] { "no-such-ticket", otherLogin.Id })
        {
            var refused = await MpQrConfirmAsync(w, await MpQrCodesAsync(w, scene, persona));
            await ErrorAssert.AnswersAsync(refused, WeGateErrors.SceneUnknown);
            var scan = await Server.Http.PostAsJsonAsync($"/pools/{w.Pool}/login/mp-qr/scan", new { scene });
            Assert.Equal(400, (int)scan.StatusCode);
        }
        await ErrorAssert.AnswersAsync(await MpQrConfirmAsync(w, new { scene = new string('a', 33), code = "x" }), WeGateErrors.SceneMissing);
        await ErrorAssert.AnswersAsync(await MpQrConfirmAsync(w, new { code = "x" }), WeGateErrors.SceneMissing);
        Assert.Equal(400, (int)(await MpQrConfirmAsync(w, new { scene = page.Ticket, code = "x", colour = "red" })).StatusCode);
        Assert.Equal(0, await MpQrCallsAsync(w, "sns/jscode2session"));
        var audit = await MpQrAuditAsync(w);
        Assert.Equal(4, audit.Count(e => e.Type == "login.failed" && e.Reason!.StartsWith($"mp-qr {WeGateErrors.SceneUnknown.Id}:", StringComparison.Ordinal)));
        Assert.Equal(2, audit.Count(e => e.Type == "login.failed" && e.Reason!.StartsWith($"mp-qr {WeGateErrors.SceneMissing.Id}:", StringComparison.Ordinal)));
        Assert.Equal("pending", await MpQrStateAsync(w, page));
    }

    [Fact]
    public async Task A_login_only_connection_refuses_a_new_person_and_the_browser_is_told_why()
    {
        var w = await MpQrWorldAsync(loginOnly: true);
        var persona = await PersonaAsync();
        var page = await OpenMpQrPageAsync(w);

        var refused = await MpQrConfirmAsync(w, await MpQrCodesAsync(w, page.Ticket!, persona));
        Assert.Equal(403, (int)refused.StatusCode);
        var answer = await refused.JsonAsync();
        Assert.Equal("refused", answer.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("message").GetString()));
        Assert.Equal("refused", await MpQrStateAsync(w, page));

        var shown = await page.Browser.GetAsync($"/pools/{w.Pool}/login/tickets/{page.Ticket}/complete?request={page.Request}");
        Assert.Equal(403, (int)shown.StatusCode);
        Assert.Contains(answer.GetProperty("message").GetString()!, System.Net.WebUtility.HtmlDecode(await shown.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await MpQrUserCountAsync(w));
    }
}

[Collection(nameof(SqliteLogins))]
public sealed class SqliteMiniProgramQrLogins(SqliteSandboxServer f) : MiniProgramQrLogins(f.Db, () => f.Server);

[Collection(nameof(PostgresLogins))]
public sealed class PostgresMiniProgramQrLogins(PostgresSandboxServer f) : MiniProgramQrLogins(f.Db, () => f.Server);
