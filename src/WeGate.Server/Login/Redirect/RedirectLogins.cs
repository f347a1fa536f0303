using System.Text.Json;
using WeGate.Core.Accounts;
using WeGate.Core.Applications;
using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Core.Pools;
using WeGate.Server.Api;
using WeGate.Server.Errors;
using WeGate.Server.Interaction;
using WeGate.Server.Oidc;
using WeGate.Server.Pages;
using WeGate.WeChat.Client;
using WeGate.Core.Telemetry;

namespace WeGate.Server.Login.Redirect;

// A login request waiting on the hosted page, and the application's connection it is signing in with.
internal sealed record RedirectLogin(ParkedRequest Request, Connection Connection)
{
    public string Pool => Request.Pool;
    public string RequestId => Request.Id;
    public Application App => Request.Application;
}

// A callback that came back from WeChat with a code WeChat accepted.
internal sealed record RedirectArrival(RedirectLogin Login, BoundLogin Bound, SnsToken Token, Texts Texts);

// The part the two WeChat redirect logins share (website-qr, docs/wechat-contract.md#website-login; oa-web, docs/wechat-contract.md#official-account-web-authorization): find the
// login request again from WeChat's state, handle a denial, and redeem the code. Nothing is created
// until the code is redeemed; every way out that does not sign in is audited and explained.
internal sealed class RedirectLogins(
    RedirectState states, ParkedRequests requests, IConnectionStore connections, IPoolStore pools,
    WeChatApiClient wechat, Issuer issuer, IAuditLog audit, ILogger<RedirectLogins> logger)
{
    private const int MaxCodeLength = 128;

    public RedirectState States => states;

    // The login request and its application's enabled connection `slug` of `type`; null when either is gone.
    public async Task<RedirectLogin?> FindAsync(string pool, string? requestId, string? slug, string type, CancellationToken ct)
    {
        if (slug is not { Length: > 0 and <= 64 })
            return null;
        var request = await requests.LoadAsync(pool, requestId, ct);
        if (request is null || !request.Application.Connections.Contains(slug, StringComparer.Ordinal))
            return null;
        var connection = await connections.GetAsync(pool, slug, ct);
        return connection is { Enabled: true } && connection.Type == type ? new RedirectLogin(request, connection) : null;
    }

    // The flow's start for the panel's request and connection: a binding of state to this browser, then WeChat.
    public static string StartUrl(LoginPanel panel, string type)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return $"/pools/{panel.Pool}/login/{type}/start?request={Uri.EscapeDataString(panel.RequestId)}&connection={Uri.EscapeDataString(panel.Connection.Slug)}";
    }

    // WeChat sends the browser back here; the app's callback domain must cover WeGate's public host.
    public string CallbackUri(string pool, string type) => issuer.Endpoint(pool, $"login/{type}/callback");

    public WeChatEndpoints Endpoints => wechat.Endpoints;

    // Either an arrival with a redeemed code, or the page to show.
    public async Task<(RedirectArrival? Arrival, IResult? Page)> ArriveAsync(HttpContext http, string pool, string type, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var query = http.Request.Query;
        var bound = states.Take(http, pool, type, query["state"].Count == 1 ? query["state"].ToString() : null);
        var login = bound is null ? null : await FindAsync(pool, bound.RequestId, bound.Connection, type, ct);
        var texts = Texts.For(login?.Request.UiLocales, http.Request);
        if (bound is null || login is null)
        {
            if (pool.Length <= 64 && await pools.GetAsync(pool, ct) is not null)
                await AuditAsync(http, pool, login, bound?.Connection, type, bound is null ? "state does not match this browser" : "login request expired or connection gone");
            return (null, RedirectPages.Show(http, texts, texts["error_title"], bound is null ? texts.Section("redirect")["mismatch"] : texts["expired"], StatusCodes.Status400BadRequest));
        }

        var retry = RedirectPages.LoginPage(pool, login.RequestId);
        var code = query["code"].Count == 1 ? query["code"].ToString() : "";
        if (code.Length == 0)
        {
            // docs/wechat-contract.md#the-qr-page, docs/wechat-contract.md#official-account-web-authorization: a denial comes back with state and no code (or not at all).
            await AuditAsync(http, pool, login, login.Connection.Slug, type, "denied in WeChat");
            return (null, RedirectPages.Show(http, texts, texts["title"], texts.Section("redirect")["denied"], StatusCodes.Status403Forbidden, retry));
        }

        var secret = (await connections.GetSecretsAsync(pool, login.Connection.Slug, ct))?.AppSecret;
        if (code.Length > MaxCodeLength || secret is null)
        {
            var error = secret is null
                ? WeGateErrors.ConnectionHasNoSecret.Error($"Connection '{login.Connection.Slug}' has no AppSecret; an administrator must set it")
                : WeGateErrors.WeChatCodeTooLong.Error($"The code from WeChat is longer than {MaxCodeLength} characters");
            await AuditAsync(http, pool, login, login.Connection.Slug, type, error.Description);
            return (null, RedirectPages.Show(http, texts, texts["error_title"], texts.Section("redirect")["wechat_error"], error.Status, retry, error));
        }

        try
        {
            var token = await wechat.ExchangeCodeAsync(login.Connection.AppId, secret, code, ct);
            return (new RedirectArrival(login, bound, token, texts), null);
        }
        catch (Exception e) when (WeChatFailures.IsWeChatFailure(e))
        {
            WeGateTelemetry.LoginFailedAtWeChat(pool, login.Connection.Type);
            var error = WeChatFailures.ToOAuthError(e, "sign-in code", logger);
            await AuditAsync(http, pool, login, login.Connection.Slug, type,
                e is WeChatApiException api ? $"sns/oauth2/access_token errcode {api.ErrCode}" : "sns/oauth2/access_token unreachable");
            return (null, RedirectPages.Show(http, texts, texts["error_title"], texts.Section("redirect")["wechat_error"], error.Status, retry, error));
        }
    }

    public static WeChatArrival Arrival(HttpContext http, RedirectLogin login, SnsToken token, SnsUserInfo? profile) => new()
    {
        Connection = login.Connection, OpenId = token.OpenId, UnionId = token.UnionId ?? profile?.UnionId, IsSnapshotUser = token.IsSnapshotUser,
        Nickname = profile?.Nickname, AvatarUrl = SnsProfile.Avatar(profile), ClientId = login.App.ClientId,
        Ip = AuditEvents.Ip(http), UserAgent = AuditEvents.UserAgent(http),
    };

    private Task AuditAsync(HttpContext http, string pool, RedirectLogin? login, string? slug, string type, string reason) =>
        audit.WriteAsync(AuditEvents.From(http, pool, LoginEventType.Failed, AuditOutcome.Failure) with
        {
            ConnectionSlug = slug, ClientId = login?.App.ClientId, Actor = type, Reason = reason,
        }, http.RequestAborted);
}
