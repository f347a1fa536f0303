using System.Collections.Frozen;
using System.Globalization;

namespace WeGate.Server.Connections;

// The doctor's findings in English (the admin API, `wegate doctor`, the English console) or Chinese (the
// Chinese console): DoctorTexts.Zh.cs has the same keys and placeholders, a test holds it. The values
// WeChat itself sends (errmsg) and the names of WeChat's consoles stay as they are.
internal sealed partial class DoctorTexts
{
    private readonly FrozenDictionary<string, string> _texts;

    private DoctorTexts(FrozenDictionary<string, string> texts, bool chinese)
    {
        _texts = texts;
        IsChinese = chinese;
    }

    public bool IsChinese { get; }

    // Properties rather than fields: the partial files' static fields are made in no set order.
    public static DoctorTexts English => new(En, chinese: false);

    public static DoctorTexts Chinese => new(Zh, chinese: true);

    public static IEnumerable<KeyValuePair<string, string>> All(bool chinese) => chinese ? Zh : En;

    public string this[string key] => _texts[key];

    public string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, _texts[key], args);

    private static readonly FrozenDictionary<string, string> En = new Dictionary<string, string>
    {
        ["app_secret_passed"] = "WeChat accepted the AppID {0} and its AppSecret ({1}).",
        ["app_secret_passed_probe"] = "WeChat accepted the AppID {0} and its AppSecret (sns/oauth2/access_token refused only the doctor's made-up code, errcode {1}).",
        ["app_secret_skipped_ip"] = "Not checked: WeChat refused this server's address before looking at the AppSecret (errcode {0}).",
        ["refused"] = "WeChat refused {0} with errcode {1}: {2}",
        ["no_answer"] = "WeChat did not answer {0}: {1}",
        ["no_answer_fix"] = "Check that this server reaches {0} (outbound HTTPS, DNS, a proxy), then run the doctor again.",
        ["ip_skipped_other"] = "Not checked: WeChat refused the call for another reason first.",
        ["ip_skipped_no_answer"] = "Not checked: WeChat did not answer.",
        ["ip_not_needed"] = "Not needed: a website or mobile app's sns/oauth2 calls have no IP whitelist.",
        ["ip_passed"] = "WeChat accepts calls for this AppID from this server's address.",
        ["ip_where"] = "the IP whitelist (IP白名单) of {0} in {1}",
        ["ip_held"] = "WeChat holds this server's address for an administrator's confirmation (errcode {0}: {1}).",
        ["ip_held_fix"] = "An administrator of the account must approve the address in WeChat's message to them; a refusal blocks it for an hour. Or add it to {0}.",
        ["ip_refused"] = "WeChat refused this server's address (errcode {0}: {1}).",
        ["ip_refused_fix_unknown"] = "Add this server's outbound address (the one WeChat sees) to {0}.",
        ["ip_refused_fix"] = "Add {0} to {1}. It is the address WeChat saw: this server's outbound address.",
        ["secret_wrong"] = "The AppSecret is wrong, or was reset in {0} (which stops the old one at once). Copy the AppSecret from there into the connection.",
        ["secret_appid_unknown"] = "WeChat does not know the AppID {0} for this call. Check it in {1}: a {2} connection needs the AppID of {3}.",
        ["secret_frozen"] = "The AppSecret is frozen: unfreeze or reset it in {0}, then save the new one in the connection.",
        ["secret_api_denied"] = "The account may not use this API: a {0} connection needs {1}.",
        ["errcode_lookup"] = "Look the errcode up in docs/wechat-errors.md.",
        ["kind_service_account"] = "a verified service account (服务号)",
        ["kind_website"] = "an Open Platform website app (网站应用)",
        ["kind_mobile"] = "an Open Platform mobile app (移动应用)",
        ["kind_mini_program"] = "a mini program",
        ["console_open_platform"] = "the Open Platform (open.weixin.qq.com → 管理中心 → the app)",
        ["console_mp"] = "mp.weixin.qq.com → 设置与开发 (or 开发管理) → 开发设置",
        ["public_url_unset"] = "WeGate:PublicUrl is not set, so WeGate uses the address it listens on, {0}",
        ["public_url_is"] = "WeGate:PublicUrl is {0}",
        ["what_server_url"] = "the server URL {0}",
        ["what_domain"] = "the domain {0}",
        ["public_url_development"] = "{0}; in Development the sandbox takes {1} as it is.",
        ["problem_unset"] = "it is not set",
        ["problem_not_https"] = "it is not https",
        ["problem_not_public"] = "{0} is not a public domain name",
        ["problem_port"] = "WeChat reaches only ports 443 and 80, not {0}",
        ["problem_path"] = "WeChat's domain settings take a host, and {0} has a path",
        ["public_url_passed"] = "{0}: WeChat can be given {1}.",
        ["public_url_failed"] = "{0}, and {1}.",
        ["public_url_fix"] = "Set WeGate:PublicUrl to the https address at which WeChat and people reach this WeGate, a domain name on port 443 (e.g. https://id.example.com), then paste the values on this page into WeChat again.",
        ["state_passed"] = "WeGate's state is {0} letters and digits; WeChat takes at most {1} bytes of a-z, A-Z and 0-9.",
        ["state_failed"] = "WeGate's state is {0} bytes; WeChat takes at most {1} bytes of a-z, A-Z and 0-9.",
        ["defect"] = "This is a defect of WeGate: report it.",
        ["page_home"] = "the home page",
        ["page_named"] = "the page {0}",
        ["page_skipped_env"] = "Not checked: env_version is {0}, and WeChat checks only the released version's pages.",
        ["page_skipped_token"] = "Not checked: WeGate has no access token for this mini program (see the checks above).",
        ["page_passed"] = "WeChat finds {0} in the released version of the mini program (wxa/getwxacodeunlimit with check_path=true).",
        ["page_missing"] = "WeChat says {0} is not in the released version of the mini program, or no version is released (errcode 41030).",
        ["page_missing_fix"] = "Release a version that has {0} (mp.weixin.qq.com → 管理 → 版本管理), or correct the connection's page. To try a page before it is released, set env_version to trial or develop.",
        ["again_later"] = "Run the doctor again in a moment.",
        ["server_disabled"] = "The connection is disabled, so WeGate answers WeChat's calls to its server URL with 404.",
        ["enable"] = "Enable the connection.",
        ["mode_skipped_disabled"] = "Not checked: the connection is disabled.",
        ["mode_skipped_echo"] = "Not checked: the server URL did not answer the echostr check.",
        ["echo_nothing"] = "Nothing answered at {0}: {1}",
        ["echo_nothing_fix"] = "WeGate:PublicUrl must be the address at which WeChat reaches this WeGate. Check DNS, TLS and the reverse proxy in front of WeGate.",
        ["echo_passed"] = "{0} answered a signed echostr check as WeChat expects when you save the server configuration.",
        ["echo_failed"] = "{0} answered the signed echostr check with HTTP {1}: {2}",
        ["echo_404"] = "PublicUrl leads to a server that does not know this connection: it must lead to this WeGate, with the path unchanged by the proxy.",
        ["echo_401"] = "That server does not sign with this connection's Token: PublicUrl leads to another WeGate, or its clock is more than 5 minutes off.",
        ["echo_other"] = "PublicUrl must lead to this WeGate; check the reverse proxy in front of it.",
        ["mode_passed"] = "WeGate opened a signed {0}-mode push at the server URL and answered it as WeChat expects.",
        ["mode_bad_reply"] = "WeGate answered a {0}-mode push with a reply WeChat would refuse: {1}",
        ["mode_refused"] = "The server URL refused a signed {0}-mode push with {1}",
        ["mode_refused_fix"] = "PublicUrl must lead to this WeGate, and nothing between WeChat and WeGate may change the body of a POST.",
        ["pushes_passed"] = "No call from WeChat to the server URL was refused since the connection last changed (from WeGate's audit log).",
        ["pushes_failed"] = "At {0} UTC WeGate refused a call to the server URL: {1}.",
        ["pushes_aes"] = "The EncodingAESKey in the official account's 服务器配置 differs from the connection's: make them the same (the value on this page).",
        ["pushes_mode"] = "The message mode (消息加解密方式) in the official account's 服务器配置 differs from the connection's: choose the same one in both.",
        ["pushes_token"] = "The Token in the official account's 服务器配置 differs from the connection's: paste the connection's Token there (or WeChat's into the connection).",
        ["pushes_account"] = "The pushes come from another official account than the connection's original id: correct original_id, or the AppID.",
        ["pushes_clock"] = "This server's clock is more than 5 minutes off: synchronise it (NTP).",
        ["pushes_other"] = "See the audit log's wechat.callback.rejected events of this connection.",
        ["op_not_needed"] = "Not needed: a website or mobile app belongs to an Open Platform account, and WeChat always sends its users' unionid.",
        ["op_snsapi_base"] = "Not checked: with the scope snsapi_base WeChat sends no unionid even for a bound account; choose snsapi_userinfo to get it.",
        ["op_nobody"] = "Not checked yet: nobody has signed in through this connection. WeChat has no API that says whether an app is bound to an Open Platform account, so the doctor infers it from sign-ins.",
        ["op_passed"] = "Inferred from sign-ins: each of the last {0} people who signed in through this connection has a unionid, so the app is bound to an Open Platform account.",
        ["op_failed"] = "Inferred from sign-ins: {0} of the last {1} people who signed in through this connection have no unionid. WeChat sends one for every user of an app bound to an Open Platform account, so this app was most likely not bound when they signed in.",
        ["op_fix"] = "Bind the app to your Open Platform account (open.weixin.qq.com → 管理中心 → 公众号 or 小程序 → 绑定). Until then the same person gets another account in each of your apps. People who signed in before the binding get their unionid at their next sign-in.",
    }.ToFrozenDictionary();
}
