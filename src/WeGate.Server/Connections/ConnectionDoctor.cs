using System.Text;
using WeGate.Core.Connections;
using WeGate.Server.Hosting;
using WeGate.Server.Login.Redirect;
using WeGate.WeChat.Client;
using static WeGate.Server.Connections.DoctorCheck;

namespace WeGate.Server.Connections;

// The connection doctor (docs/console.md#the-connection-doctor): checks one connection against WeChat
// (or the sandbox) and says, for each failure, what to fix. It changes nothing, so read-only
// administrators may run it; the console, the admin API and `wegate doctor` all come here. Only the
// checks that mean something for the connection's type run.
internal sealed class ConnectionDoctor(IConnectionStore connections, WeChatApiClient wechat, OfficialAccountServerCheck server,
    OpenPlatformInference openPlatform, PublicAddress address, WeGateOptions options, IHostEnvironment environment)
{
    // A code WeChat cannot know: the answer to it says whether the AppID and AppSecret were accepted.
    private const string ProbeCode = "wegate-doctor-probe";
    // docs/wechat-contract.md#official-account-web-authorization: state is a-zA-Z0-9 and at most 128 bytes.
    private const int StateMaxBytes = 128;

    // texts: the language of the findings (English unless the Chinese console asks).
    public async Task<DoctorReport?> ExamineAsync(string pool, string slug, CancellationToken ct, DoctorTexts? texts = null)
    {
        var t = texts ?? DoctorTexts.English;
        if (await connections.GetAsync(pool, slug, ct) is not { } connection)
            return null;
        var secrets = await connections.GetSecretsAsync(pool, slug, ct) ?? new ConnectionSecrets();
        var urls = new ConnectionUrls(address.Base, pool, slug);
        var checks = new List<DoctorCheck>();

        var (credentials, token) = await CredentialsAsync(t, connection, secrets.AppSecret ?? "", ct);
        checks.AddRange(credentials);
        if (connection.Type is ConnectionType.OfficialAccountFollow or ConnectionType.WebsiteQr or ConnectionType.OfficialAccountWeb)
            checks.Add(PublicUrl(t, connection, urls));
        if (connection.Type == ConnectionType.OfficialAccountFollow)
            checks.AddRange(await server.CheckAsync(t, connection, secrets, urls, ct));
        if (connection.Type is ConnectionType.WebsiteQr or ConnectionType.OfficialAccountWeb)
            checks.Add(StateLength(t));
        if (connection.Type is ConnectionType.MiniProgramQr or ConnectionType.AppLaunchesMiniProgram)
            checks.Add(await PageAsync(t, connection, token, ct));
        checks.Add(await openPlatform.CheckAsync(t, connection, ct));
        return new DoctorReport(pool, slug, connection.Type, checks.TrueForAll(c => c.Outcome != Fail), checks);
    }

    // Official accounts and mini programs: cgi-bin/stable_token, which the IP whitelist guards and which
    // leaves WeGate's cached cgi-bin/token alone (docs/wechat-contract.md#access-tokens). Website and
    // mobile apps have no client_credential token: sns/oauth2/access_token with a code WeChat cannot
    // know checks the AppSecret first (40125) and the code after (40029), and has no IP whitelist.
    private async Task<(IReadOnlyList<DoctorCheck>, string?)> CredentialsAsync(DoctorTexts t, Connection c, string secret, CancellationToken ct)
    {
        var openPlatformApp = c.Type is ConnectionType.WebsiteQr or ConnectionType.Mobile;
        try
        {
            if (openPlatformApp)
                await wechat.ExchangeCodeAsync(c.AppId, secret, ProbeCode, ct);
            var token = openPlatformApp ? null : (await wechat.GetStableAccessTokenAsync(c.AppId, secret, cancellationToken: ct)).AccessToken;
            return ([Passed("app_secret", t.Format("app_secret_passed", c.AppId, Call(c))), Whitelisted(t, c)], token);
        }
        catch (WeChatApiException e) when (openPlatformApp && e.ErrCode is WeChatErrors.InvalidCode or WeChatErrors.CodeUsed or WeChatErrors.CodeExpired)
        {
            return ([Passed("app_secret", t.Format("app_secret_passed_probe", c.AppId, e.ErrCode)), Whitelisted(t, c)], null);
        }
        catch (WeChatApiException e) when (e.ErrCode is 40164 or 89503 or 89501 or 61004)
        {
            return ([Skip("app_secret", t.Format("app_secret_skipped_ip", e.ErrCode)), IpRefused(t, c, e)], null);
        }
        catch (WeChatApiException e)
        {
            return ([Failed("app_secret", t.Format("refused", Call(c), e.ErrCode, e.ErrMsg), SecretFix(t, c, e)), Skip("ip_whitelist", t["ip_skipped_other"])], null);
        }
        catch (Exception e) when (WeChatErrors.KindOf(e) is not null)
        {
            return ([Failed("app_secret", t.Format("no_answer", Call(c), e.Message), t.Format("no_answer_fix", wechat.Endpoints.Api)),
                Skip("ip_whitelist", t["ip_skipped_no_answer"])], null);
        }
    }

    private static string Call(Connection c) => c.Type is ConnectionType.WebsiteQr or ConnectionType.Mobile ? "sns/oauth2/access_token" : "cgi-bin/stable_token";

    private static DoctorCheck Whitelisted(DoctorTexts t, Connection c) => c.Type is ConnectionType.WebsiteQr or ConnectionType.Mobile
        ? Skip("ip_whitelist", t["ip_not_needed"])
        : Passed("ip_whitelist", t["ip_passed"]);

    // WeChat names the address it saw: "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist" (docs/wechat-contract.md#access-tokens).
    private static DoctorCheck IpRefused(DoctorTexts t, Connection c, WeChatApiException e)
    {
        var words = e.ErrMsg.Split(' ', ',');
        var at = Array.IndexOf(words, "ip");
        var ip = at >= 0 && at + 1 < words.Length && System.Net.IPAddress.TryParse(words[at + 1], out _) ? words[at + 1] : null;
        var where = t.Format("ip_where", c.AppId, Console(t, c));
        if (e.ErrCode is 89503 or 89501)
            return Failed("ip_whitelist", t.Format("ip_held", e.ErrCode, e.ErrMsg), t.Format("ip_held_fix", where));
        return Failed("ip_whitelist", t.Format("ip_refused", e.ErrCode, e.ErrMsg),
            ip is null ? t.Format("ip_refused_fix_unknown", where) : t.Format("ip_refused_fix", ip, where));
    }

    private static string SecretFix(DoctorTexts t, Connection c, WeChatApiException e) => e.ErrCode switch
    {
        WeChatErrors.InvalidCredential or 40125 or 41004 => t.Format("secret_wrong", Console(t, c)),
        40013 => t.Format("secret_appid_unknown", c.AppId, Console(t, c), c.Type, Kind(t, c)),
        40243 => t.Format("secret_frozen", Console(t, c)),
        48001 => t.Format("secret_api_denied", c.Type, Kind(t, c)),
        _ => OperatorFix(t, e),
    };

    // WeChat's errcode table (docs/wechat-errors.md) is in English: the Chinese console points to it instead.
    internal static string OperatorFix(DoctorTexts t, WeChatApiException e) =>
        (t.IsChinese ? null : e.Error?.OperatorFix) ?? t["errcode_lookup"];

    private static string Kind(DoctorTexts t, Connection c) => t[c.Type switch
    {
        ConnectionType.OfficialAccountFollow or ConnectionType.OfficialAccountWeb => "kind_service_account",
        ConnectionType.WebsiteQr => "kind_website",
        ConnectionType.Mobile => "kind_mobile",
        _ => "kind_mini_program",
    }];

    // Where an operator manages the AppID.
    private static string Console(DoctorTexts t, Connection c) => t[c.Type is ConnectionType.WebsiteQr or ConnectionType.Mobile ? "console_open_platform" : "console_mp"];

    // docs/logins.md: WeChat wants the server URL on https:443 or http:80 at a public address, and the
    // callback and web-authorization domains as bare host names.
    private DoctorCheck PublicUrl(DoctorTexts t, Connection c, ConnectionUrls urls)
    {
        const string Id = "public_url";
        var at = urls.Public;
        var setting = options.PublicUrl is null ? t.Format("public_url_unset", urls.Base) : t.Format("public_url_is", urls.Base);
        var what = c.Type == ConnectionType.OfficialAccountFollow ? t.Format("what_server_url", urls.OfficialAccountServer) : t.Format("what_domain", urls.Domain);
        if (environment.IsDevelopment())
            return Passed(Id, t.Format("public_url_development", setting, what));
        string? problem = null;
        if (options.PublicUrl is null)
            problem = t["problem_unset"];
        else if (at.Scheme != Uri.UriSchemeHttps)
            problem = t["problem_not_https"];
        else if (at.IsLoopback || at.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
            problem = t.Format("problem_not_public", at.Host);
        else if (!at.IsDefaultPort)
            problem = t.Format("problem_port", at.Port);
        else if (at.AbsolutePath != "/")
            problem = t.Format("problem_path", urls.Base);
        return problem is null
            ? Passed(Id, t.Format("public_url_passed", setting, what))
            : Failed(Id, t.Format("public_url_failed", setting, problem), t["public_url_fix"]);
    }

    private static DoctorCheck StateLength(DoctorTexts t)
    {
        var state = RedirectState.NewState();
        var bytes = Encoding.UTF8.GetByteCount(state);
        return bytes <= StateMaxBytes && state.All(char.IsAsciiLetterOrDigit)
            ? Passed("state_length", t.Format("state_passed", bytes, StateMaxBytes))
            : Failed("state_length", t.Format("state_failed", bytes, StateMaxBytes), t["defect"]);
    }

    // wxa/getwxacodeunlimit with check_path=true answers 41030 for a page that is not in the released
    // version, or while nothing is released (docs/wechat-contract.md#mini-program-codes).
    private async Task<DoctorCheck> PageAsync(DoctorTexts t, Connection c, string? token, CancellationToken ct)
    {
        const string Id = "mini_program_page";
        var page = c.Settings.Page ?? (c.Type == ConnectionType.AppLaunchesMiniProgram ? "pages/login/index" : null);
        var named = page is null ? t["page_home"] : t.Format("page_named", page);
        if (c.Settings.EnvVersion is "trial" or "develop")
            return Skip(Id, t.Format("page_skipped_env", c.Settings.EnvVersion));
        if (token is null)
            return Skip(Id, t["page_skipped_token"]);
        try
        {
            await wechat.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("wegatedoctor") { Page = page, CheckPath = true, EnvVersion = "release" }, ct);
            return Passed(Id, t.Format("page_passed", named));
        }
        catch (WeChatApiException e) when (e.ErrCode == 41030)
        {
            return Failed(Id, t.Format("page_missing", named), t.Format("page_missing_fix", named));
        }
        catch (WeChatApiException e)
        {
            return Failed(Id, t.Format("refused", "wxa/getwxacodeunlimit", e.ErrCode, e.ErrMsg), OperatorFix(t, e));
        }
        catch (Exception e) when (WeChatErrors.KindOf(e) is not null)
        {
            return Failed(Id, t.Format("no_answer", "wxa/getwxacodeunlimit", e.Message), t["again_later"]);
        }
    }
}
