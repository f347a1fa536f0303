using System.Collections.Frozen;
using static WeGate.WeChat.Client.WeChatErrorKind;

namespace WeGate.WeChat.Client;

// The one table from errcode to meaning (docs/wechat-contract.md#error-codes).
public static class WeChatErrors
{
    public const int SystemError = -1;
    public const int InvalidCredential = 40001;
    public const int InvalidOpenId = 40003;
    public const int InvalidAccessToken = 40014;
    public const int InvalidCode = 40029;
    public const int InvalidRefreshToken = 40030;
    public const int CodeUsed = 40163;
    public const int AccessTokenExpired = 42001;
    public const int RefreshTokenExpired = 42002;
    public const int CodeExpired = 42003;
    public const int InvalidSignature = 87009;

    private const string TryAgain = "WeChat is busy. Please try again in a moment.";
    private const string Misconfigured = "WeChat login is not available right now. Please contact the site administrator.";
    private const string ScanAgain = "This login has expired. Please scan or tap to log in again.";

    private static readonly FrozenDictionary<int, WeChatError> Table = new WeChatError[]
    {
        new(-1, Transient, "system error: WeChat is busy", "Transient; retried automatically where safe. Persistent -1 means a WeChat incident.", TryAgain, Retryable: true),
        new(40001, Operator, "invalid credential: access_token invalid or not the latest (or wrong secret at token fetch)", "Use one central token fetcher; another process may be fetching tokens for the same AppID. Check the AppSecret.", Misconfigured),
        new(40002, Operator, "invalid grant_type", "Client bug: grant_type must be client_credential / authorization_code / refresh_token.", Misconfigured),
        new(40003, User, "invalid openid", "The openid does not belong to this AppID; each app sees its own openid of a person.", ScanAgain),
        new(40013, Operator, "invalid appid", "Check the connection's AppID (it starts with wx and belongs to this app type).", Misconfigured),
        new(40014, Operator, "invalid access_token", "The access_token is malformed or from another app; refetch it.", Misconfigured),
        new(40029, User, "invalid code: unknown, expired or issued to another appid", "Make sure the code is exchanged with the AppID that issued it, once, within its lifetime.", ScanAgain),
        new(40030, User, "invalid refresh_token", "The refresh_token is unknown or revoked; the user must authorize again.", ScanAgain),
        new(40125, Operator, "invalid appsecret", "The AppSecret is wrong or was reset in the WeChat console; update the connection.", Misconfigured),
        new(40129, Operator, "invalid scene", "Mini program code scene must be ≤ 32 chars of 0-9a-zA-Z!#$&'()*+,/:;=?@-._~ and not URL-encoded.", Misconfigured),
        new(40163, User, "code been used", "Codes are single-use; a second exchange (double submit, retry) fails. Never retry code exchanges.", ScanAgain),
        new(40164, Operator, "invalid ip, not in whitelist", "Add this server's egress IP to the AppID's IP whitelist in the WeChat console.", Misconfigured),
        new(40226, User, "code blocked: high-risk user", "WeChat blocked this user's login; nothing to fix on the server.", "WeChat did not allow this login. Please try another way to sign in."),
        new(40243, Operator, "AppSecret frozen", "Unfreeze or reset the AppSecret in the WeChat console.", Misconfigured),
        new(41001, Operator, "access_token missing", "Client bug: the call needs ?access_token=.", Misconfigured),
        new(41002, Operator, "appid missing", "Client bug or empty configuration: AppID is required.", Misconfigured),
        new(41004, Operator, "appsecret missing", "Configure the connection's AppSecret.", Misconfigured),
        new(41008, User, "missing code", "The login code did not reach the server; check the client passes it.", ScanAgain),
        new(41030, Operator, "invalid page", "The mini program page does not exist in the released version; publish it or set check_path=false.", Misconfigured),
        new(42001, Transient, "access_token expired", "Refreshed automatically; persistent 42001 means clocks or caches disagree.", TryAgain),
        new(42002, User, "refresh_token expired", "refresh_token lasts 30 days and cannot be extended; the user must authorize again.", ScanAgain),
        new(42003, User, "code expired", "Codes last 5 min (OA, mini program) or 10 min (website, mobile); exchange them at once.", ScanAgain),
        new(43002, Operator, "require POST method", "Client bug: this API needs POST.", Misconfigured),
        new(45009, Operator, "reach max api daily quota limit", "Daily quota exhausted; cache tokens and reduce calls, or reset the quota in the console.", TryAgain),
        new(45011, Transient, "api minute-quota reach limit, must slower, retry next minute", "Too many calls per minute for this user; slow down.", "Too many attempts. Please wait a minute and try again."),
        new(47001, Operator, "data format error", "Client bug: POST bodies must be JSON.", Misconfigured),
        new(48001, User, "api unauthorized", "The app lacks permission for this API, or the token has the wrong type or scope (snsapi_base, snapshot user).", "This login needs your permission. Please authorize to continue."),
        new(50001, User, "user unauthorized", "The user has not authorized this API for the app.", "This login needs your permission. Please authorize to continue."),
        new(87009, User, "invalid signature", "The session_key used for the signature is not the user's current one; log in again.", ScanAgain),
        new(89503, Operator, "ip needs administrator confirmation", "An administrator must approve this IP in the WeChat console; a rejection blocks it for 1 hour.", Misconfigured),
    }.ToFrozenDictionary(error => error.Code);

    public static IEnumerable<WeChatError> All => Table.Values.OrderBy(error => error.Code);

    public static WeChatError? Find(int code) => Table.GetValueOrDefault(code);

    // Whose move a failed WeChat call is (docs/errors.md#wechat-answers): an errcode from the table by its
    // row, an errcode the table lacks is the operator's to look up, and a WeChat that did not answer in
    // time or answered garbage is transient. Null for an exception that is not a WeChat call failing.
    public static WeChatErrorKind? KindOf(Exception error) => error switch
    {
        WeChatApiException api => Find(api.ErrCode)?.Kind ?? Operator,
        HttpRequestException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException or InvalidDataException or System.Text.Json.JsonException => Transient,
        _ => null,
    };
}
