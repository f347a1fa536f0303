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

    public async Task<DoctorReport?> ExamineAsync(string pool, string slug, CancellationToken ct)
    {
        if (await connections.GetAsync(pool, slug, ct) is not { } connection)
            return null;
        var secrets = await connections.GetSecretsAsync(pool, slug, ct) ?? new ConnectionSecrets();
        var urls = new ConnectionUrls(address.Base, pool, slug);
        var checks = new List<DoctorCheck>();

        var (credentials, token) = await CredentialsAsync(connection, secrets.AppSecret ?? "", ct);
        checks.AddRange(credentials);
        if (connection.Type is ConnectionType.OfficialAccountFollow or ConnectionType.WebsiteQr or ConnectionType.OfficialAccountWeb)
            checks.Add(PublicUrl(connection, urls));
        if (connection.Type == ConnectionType.OfficialAccountFollow)
            checks.AddRange(await server.CheckAsync(connection, secrets, urls, ct));
        if (connection.Type is ConnectionType.WebsiteQr or ConnectionType.OfficialAccountWeb)
            checks.Add(StateLength());
        if (connection.Type is ConnectionType.MiniProgramQr or ConnectionType.AppLaunchesMiniProgram)
            checks.Add(await PageAsync(connection, token, ct));
        checks.Add(await openPlatform.CheckAsync(connection, ct));
        return new DoctorReport(pool, slug, connection.Type, checks.TrueForAll(c => c.Outcome != Fail), checks);
    }

    // Official accounts and mini programs: cgi-bin/stable_token, which the IP whitelist guards and which
    // leaves WeGate's cached cgi-bin/token alone (docs/wechat-contract.md#access-tokens). Website and
    // mobile apps have no client_credential token: sns/oauth2/access_token with a code WeChat cannot
    // know checks the AppSecret first (40125) and the code after (40029), and has no IP whitelist.
    private async Task<(IReadOnlyList<DoctorCheck>, string?)> CredentialsAsync(Connection c, string secret, CancellationToken ct)
    {
        var openPlatformApp = c.Type is ConnectionType.WebsiteQr or ConnectionType.Mobile;
        try
        {
            if (openPlatformApp)
                await wechat.ExchangeCodeAsync(c.AppId, secret, ProbeCode, ct);
            var token = openPlatformApp ? null : (await wechat.GetStableAccessTokenAsync(c.AppId, secret, cancellationToken: ct)).AccessToken;
            return ([Passed("app_secret", $"WeChat accepted the AppID {c.AppId} and its AppSecret ({Call(c)})."), Whitelisted(c)], token);
        }
        catch (WeChatApiException e) when (openPlatformApp && e.ErrCode is WeChatErrors.InvalidCode or WeChatErrors.CodeUsed or WeChatErrors.CodeExpired)
        {
            return ([Passed("app_secret", $"WeChat accepted the AppID {c.AppId} and its AppSecret (sns/oauth2/access_token refused only the doctor's made-up code, errcode {e.ErrCode})."),
                Whitelisted(c)], null);
        }
        catch (WeChatApiException e) when (e.ErrCode is 40164 or 89503 or 89501 or 61004)
        {
            return ([Skip("app_secret", $"Not checked: WeChat refused this server's address before looking at the AppSecret (errcode {e.ErrCode})."),
                IpRefused(c, e)], null);
        }
        catch (WeChatApiException e)
        {
            return ([Failed("app_secret", $"WeChat refused {Call(c)} with errcode {e.ErrCode}: {e.ErrMsg}", SecretFix(c, e)),
                Skip("ip_whitelist", "Not checked: WeChat refused the call for another reason first.")], null);
        }
        catch (Exception e) when (WeChatErrors.KindOf(e) is not null)
        {
            return ([Failed("app_secret", $"WeChat did not answer {Call(c)}: {e.Message}",
                    $"Check that this server reaches {wechat.Endpoints.Api} (outbound HTTPS, DNS, a proxy), then run the doctor again."),
                Skip("ip_whitelist", "Not checked: WeChat did not answer.")], null);
        }
    }

    private static string Call(Connection c) => c.Type is ConnectionType.WebsiteQr or ConnectionType.Mobile ? "sns/oauth2/access_token" : "cgi-bin/stable_token";

    private static DoctorCheck Whitelisted(Connection c) => c.Type is ConnectionType.WebsiteQr or ConnectionType.Mobile
        ? Skip("ip_whitelist", "Not needed: a website or mobile app's sns/oauth2 calls have no IP whitelist.")
        : Passed("ip_whitelist", "WeChat accepts calls for this AppID from this server's address.");

    // WeChat names the address it saw: "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist" (docs/wechat-contract.md#access-tokens).
    private static DoctorCheck IpRefused(Connection c, WeChatApiException e)
    {
        var words = e.ErrMsg.Split(' ', ',');
        var at = Array.IndexOf(words, "ip");
        var ip = at >= 0 && at + 1 < words.Length && System.Net.IPAddress.TryParse(words[at + 1], out _) ? words[at + 1] : null;
        var where = $"the IP whitelist (IP白名单) of {c.AppId} in {Console(c)}";
        if (e.ErrCode is 89503 or 89501)
            return Failed("ip_whitelist", $"WeChat holds this server's address for an administrator's confirmation (errcode {e.ErrCode}: {e.ErrMsg}).",
                $"An administrator of the account must approve the address in WeChat's message to them; a refusal blocks it for an hour. Or add it to {where}.");
        return Failed("ip_whitelist", $"WeChat refused this server's address (errcode {e.ErrCode}: {e.ErrMsg}).",
            ip is null
                ? $"Add this server's outbound address (the one WeChat sees) to {where}."
                : $"Add {ip} to {where}. It is the address WeChat saw: this server's outbound address.");
    }

    private static string SecretFix(Connection c, WeChatApiException e) => e.ErrCode switch
    {
        WeChatErrors.InvalidCredential or 40125 or 41004 =>
            $"The AppSecret is wrong, or was reset in {Console(c)} (which stops the old one at once). Copy the AppSecret from there into the connection.",
        40013 => $"WeChat does not know the AppID {c.AppId} for this call. Check it in {Console(c)}: a {c.Type} connection needs the AppID of {Kind(c)}.",
        40243 => $"The AppSecret is frozen: unfreeze or reset it in {Console(c)}, then save the new one in the connection.",
        48001 => $"The account may not use this API: a {c.Type} connection needs {Kind(c)}.",
        _ => e.Error?.OperatorFix ?? "Look the errcode up in docs/wechat-errors.md.",
    };

    private static string Kind(Connection c) => c.Type switch
    {
        ConnectionType.OfficialAccountFollow or ConnectionType.OfficialAccountWeb => "a verified service account (服务号)",
        ConnectionType.WebsiteQr => "an Open Platform website app (网站应用)",
        ConnectionType.Mobile => "an Open Platform mobile app (移动应用)",
        _ => "a mini program",
    };

    // Where an operator manages the AppID.
    private static string Console(Connection c) => c.Type is ConnectionType.WebsiteQr or ConnectionType.Mobile
        ? "the Open Platform (open.weixin.qq.com → 管理中心 → the app)"
        : "mp.weixin.qq.com → 设置与开发 (or 开发管理) → 开发设置";

    // docs/logins.md: WeChat wants the server URL on https:443 or http:80 at a public address, and the
    // callback and web-authorization domains as bare host names.
    private DoctorCheck PublicUrl(Connection c, ConnectionUrls urls)
    {
        const string Id = "public_url";
        var at = urls.Public;
        var setting = options.PublicUrl is null ? $"WeGate:PublicUrl is not set, so WeGate uses the address it listens on, {urls.Base}" : $"WeGate:PublicUrl is {urls.Base}";
        var what = c.Type == ConnectionType.OfficialAccountFollow ? $"the server URL {urls.OfficialAccountServer}" : $"the domain {urls.Domain}";
        if (environment.IsDevelopment())
            return Passed(Id, $"{setting}; in Development the sandbox takes {what} as it is.");
        string? problem = null;
        if (options.PublicUrl is null)
            problem = "it is not set";
        else if (at.Scheme != Uri.UriSchemeHttps)
            problem = "it is not https";
        else if (at.IsLoopback || at.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
            problem = $"{at.Host} is not a public domain name";
        else if (!at.IsDefaultPort)
            problem = $"WeChat reaches only ports 443 and 80, not {at.Port}";
        else if (at.AbsolutePath != "/")
            problem = $"WeChat's domain settings take a host, and {urls.Base} has a path";
        return problem is null
            ? Passed(Id, $"{setting}: WeChat can be given {what}.")
            : Failed(Id, $"{setting}, and {problem}.",
                "Set WeGate:PublicUrl to the https address at which WeChat and people reach this WeGate, a domain name on port 443 (e.g. https://id.example.com), then paste the values on this page into WeChat again.");
    }

    private static DoctorCheck StateLength()
    {
        var state = RedirectState.NewState();
        var bytes = Encoding.UTF8.GetByteCount(state);
        return bytes <= StateMaxBytes && state.All(char.IsAsciiLetterOrDigit)
            ? Passed("state_length", $"WeGate's state is {bytes} letters and digits; WeChat takes at most {StateMaxBytes} bytes of a-z, A-Z and 0-9.")
            : Failed("state_length", $"WeGate's state is {bytes} bytes; WeChat takes at most {StateMaxBytes} bytes of a-z, A-Z and 0-9.", "This is a defect of WeGate: report it.");
    }

    // wxa/getwxacodeunlimit with check_path=true answers 41030 for a page that is not in the released
    // version, or while nothing is released (docs/wechat-contract.md#mini-program-codes).
    private async Task<DoctorCheck> PageAsync(Connection c, string? token, CancellationToken ct)
    {
        const string Id = "mini_program_page";
        var page = c.Settings.Page ?? (c.Type == ConnectionType.AppLaunchesMiniProgram ? "pages/login/index" : null);
        var named = page is null ? "the home page" : $"the page {page}";
        if (c.Settings.EnvVersion is "trial" or "develop")
            return Skip(Id, $"Not checked: env_version is {c.Settings.EnvVersion}, and WeChat checks only the released version's pages.");
        if (token is null)
            return Skip(Id, "Not checked: WeGate has no access token for this mini program (see the checks above).");
        try
        {
            await wechat.GetUnlimitedWxaCodeAsync(token, new WxaCodeRequest("wegatedoctor") { Page = page, CheckPath = true, EnvVersion = "release" }, ct);
            return Passed(Id, $"WeChat finds {named} in the released version of the mini program (wxa/getwxacodeunlimit with check_path=true).");
        }
        catch (WeChatApiException e) when (e.ErrCode == 41030)
        {
            return Failed(Id, $"WeChat says {named} is not in the released version of the mini program, or no version is released (errcode 41030).",
                $"Release a version that has {named} (mp.weixin.qq.com → 管理 → 版本管理), or correct the connection's page. To try a page before it is released, set env_version to trial or develop.");
        }
        catch (WeChatApiException e)
        {
            return Failed(Id, $"WeChat refused wxa/getwxacodeunlimit with errcode {e.ErrCode}: {e.ErrMsg}", e.Error?.OperatorFix ?? "Look the errcode up in docs/wechat-errors.md.");
        }
        catch (Exception e) when (WeChatErrors.KindOf(e) is not null)
        {
            return Failed(Id, $"WeChat did not answer wxa/getwxacodeunlimit: {e.Message}", "Run the doctor again in a moment.");
        }
    }
}
