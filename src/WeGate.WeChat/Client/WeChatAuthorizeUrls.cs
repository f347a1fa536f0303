namespace WeGate.WeChat.Client;

// Where a browser is sent to log in with WeChat, on WeChatEndpoints.Open (the real open.weixin.qq.com or
// a sandbox's {root}/open/). Values are URL-encoded here; pass redirect_uri unencoded.
public static class WeChatAuthorizeUrls
{
    private const string Fragment = "#wechat_redirect";

    // Website scan login, whole page (docs/wechat-contract.md#the-qr-page).
    public static Uri QrConnect(WeChatEndpoints endpoints, string appId, string redirectUri, string state)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var url = WeChatEndpoints.Build(endpoints.Open, "connect/qrconnect",
            ("appid", appId), ("redirect_uri", redirectUri), ("response_type", "code"), ("scope", "snsapi_login"), ("state", state));
        return new Uri(url + Fragment);
    }

    // The iframe wxLogin.js renders (docs/wechat-contract.md#the-embedded-qr): login_type=jssdk plus its display options. With SelfRedirect
    // the iframe itself navigates to redirect_uri; otherwise the top window does.
    public static Uri QrConnectIframe(WeChatEndpoints endpoints, string appId, string redirectUri, string state, QrConnectIframeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        options ??= new QrConnectIframeOptions();
        return WeChatEndpoints.Build(endpoints.Open, "connect/qrconnect",
            ("appid", appId),
            ("scope", "snsapi_login"),
            ("redirect_uri", redirectUri),
            ("state", state),
            ("login_type", "jssdk"),
            ("self_redirect", options.SelfRedirect ? "true" : "false"),
            ("style", options.Style),
            ("href", options.StyleLite ? null : options.Href),
            ("stylelite", options.StyleLite ? "1" : null),
            ("fast_login", options.StyleLite && !options.FastLogin ? "0" : null));
    }

    // Official-account web authorization inside WeChat (docs/wechat-contract.md#official-account-web-authorization): snsapi_base or snsapi_userinfo; state is
    // a-zA-Z0-9 and at most 128 bytes; #wechat_redirect is mandatory.
    public static Uri OAuth2Authorize(WeChatEndpoints endpoints, string appId, string redirectUri, string scope, string state, bool forcePopup = false)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(state);
        if (scope is not ("snsapi_base" or "snsapi_userinfo"))
        {
            throw new ArgumentException("The scope is snsapi_base or snsapi_userinfo (docs/wechat-contract.md#official-account-web-authorization).", nameof(scope));
        }

        if (state.Length is < 1 or > 128 || !state.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("The state is 1–128 characters of a-zA-Z0-9 (docs/wechat-contract.md#official-account-web-authorization).", nameof(state));
        }

        var url = WeChatEndpoints.Build(endpoints.Open, "connect/oauth2/authorize",
            ("appid", appId), ("redirect_uri", redirectUri), ("response_type", "code"), ("scope", scope), ("state", state),
            ("forcePopup", forcePopup ? "true" : null));
        return new Uri(url + Fragment);
    }
}

// wxLogin.js options that reach the iframe URL (docs/wechat-contract.md#the-embedded-qr). Style: "black" (default) or
// "white". Href: a CSS URL, may be data:text/css;base64,… and is ignored with StyleLite. FastLogin
// false disables desktop quick login, which WeChat honours only with StyleLite.
public sealed record QrConnectIframeOptions
{
    public bool SelfRedirect { get; init; }

    public string? Style { get; init; }

    public string? Href { get; init; }

    public bool StyleLite { get; init; }

    public bool FastLogin { get; init; } = true;
}
