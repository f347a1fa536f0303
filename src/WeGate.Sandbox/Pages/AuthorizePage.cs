using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Pages;

// open.weixin.qq.com/connect/oauth2/authorize (docs/wechat-contract.md#official-account-web-authorization): official-account web authorization
// as the WeChat client shows it. The persona acting is the sandbox_persona query parameter or cookie
// (set by the virtual phone); without one the page asks who is holding the phone.
internal static class AuthorizePage
{
    public const string PersonaParameter = "sandbox_persona";

    public static void Map(RouteGroupBuilder open, WeChatSandbox sandbox)
    {
        // #wechat_redirect is a fragment and never reaches a server; forcePopup and connect_redirect are tolerated.
        open.MapGet("connect/oauth2/authorize", (Delegate)((HttpContext http) => Authorize(http, sandbox)));
        open.MapPost("connect/oauth2/authorize/decide", (Delegate)(async (HttpContext http) => await DecideAsync(http, sandbox)));
    }

    private static IResult Authorize(HttpContext http, WeChatSandbox sandbox)
    {
        var query = http.Request.Query;
        var (app, errCode) = Validate(sandbox, query);
        if (errCode != 0)
        {
            return PageHtml.AuthorizeError(errCode, errCode == 10013 && query["state"].Count > 0 ? "state: a-zA-Z0-9, at most 128 bytes" : null);
        }

        var personaId = query[PersonaParameter].ToString() is { Length: > 0 } chosen ? chosen : http.Request.Cookies[PersonaParameter];
        if (sandbox.Registry.FindPersona(personaId) is not { } persona)
        {
            return PersonaPicker(http, sandbox, personaId);
        }

        var redirectUri = query["redirect_uri"].ToString();
        var scope = query["scope"].ToString();
        var state = query["state"].ToString();

        // snsapi_base is silent. A snapshot persona is on a snapshot page: no prompt, and the code
        // yields virtual ids with is_snapshotuser=1 at the token exchange (docs/wechat-contract.md#snapshot-pages, SnsEndpoints).
        if (scope == "snsapi_base" || persona.Snapshot)
        {
            return Results.Redirect(WithCode(sandbox, app!, persona.Id, redirectUri, scope, state));
        }

        var consent = sandbox.Consents.Add(app!.AppId, persona.Id, redirectUri, scope, state, sandbox.Options.ConsentLifetime);
        return PageHtml.Page("微信授权", $"""
            <form class="msg consent" method="post" action="authorize/decide">
              <input type="hidden" name="consent" value="{PageHtml.E(consent.Id)}">
              <h3>{PageHtml.E(app.OriginalId ?? app.AppId)} 申请获得以下权限</h3>
              <p>获得你的公开信息（昵称、头像等）</p>
              <p>当前微信用户：{PageHtml.E(persona.Nickname)}（{PageHtml.E(persona.Id)}）</p>
              <button type="submit" name="decision" value="approve">允许</button>
              <button type="submit" name="decision" value="deny" class="secondary">拒绝</button>
            </form>
            """);
    }

    // WeChat's order as far as its error table shows it: appid, redirect_uri, scope, state (docs/wechat-contract.md#official-account-web-authorization).
    private static (SandboxApp? App, int ErrCode) Validate(WeChatSandbox sandbox, IQueryCollection query)
    {
        if (query["appid"].ToString() is not { Length: > 0 } appId)
        {
            return (null, 10012);
        }

        // Website, mobile and mini program appids are not official accounts: 10016 says "use an
        // official account appid", which is the fix in every case.
        var app = sandbox.Registry.FindApp(appId);
        var errCode = app is null ? 40013
            : app.Type != SandboxAppType.OfficialAccount ? 10016
            : query["redirect_uri"].ToString() is not { Length: > 0 } redirectUri ? 10011
            : !RedirectRules.Allows(app, redirectUri, subdomains: false) ? 10003
            : query["scope"].ToString() is not { Length: > 0 } scope ? 10010
            : scope is not ("snsapi_base" or "snsapi_userinfo") ? 10005
            : !ValidState(query["state"].ToString()) ? 10013
            : 0;
        return (app, errCode);
    }

    // state is a-zA-Z0-9, at most 128 bytes (docs/wechat-contract.md#official-account-web-authorization). The table has 10013 for an empty one; the sandbox
    // gives the same code for a malformed one, so a client breaking the rule finds out early.
    private static bool ValidState(string state) =>
        state.Length is >= 1 and <= 128 && state.All(char.IsAsciiLetterOrDigit);

    // Approval redirects with the code. Denial redirects with state and no code: the old official-account
    // doc's "若用户禁止授权，则重定向后不会带上code参数，仅会带上state参数" (the English reading of docs/wechat-contract.md#the-qr-page
    // too), so a client's missing-code branch gets exercised; clients must also cope with no redirect.
    private static async Task<IResult> DecideAsync(HttpContext http, WeChatSandbox sandbox)
    {
        var form = await FormBody.ReadAsync(http);
        if (sandbox.Consents.Take(form?["consent"].ToString()) is not { } consent)
        {
            return PageHtml.Page("微信授权", "<div class=\"msg error\" data-error=\"consent\"><h2>授权页面已过期，请重新进入</h2></div>");
        }

        return form!["decision"] == "approve"
            ? Results.Redirect(WithCode(sandbox, sandbox.Registry.FindApp(consent.AppId)!, consent.PersonaId, consent.RedirectUri, consent.Scope, consent.State))
            : Results.Redirect(RedirectRules.WithQuery(consent.RedirectUri, ("state", consent.State)));
    }

    // Official-account codes: 5 minutes, single use (docs/wechat-contract.md#official-account-web-authorization).
    private static string WithCode(WeChatSandbox sandbox, SandboxApp app, string personaId, string redirectUri, string scope, string state)
    {
        var code = sandbox.Codes.Issue(CodeKind.OAuth, app.AppId, personaId, scope, sandbox.CodeLifetime(app.Type, CodeKind.OAuth));
        return RedirectRules.WithQuery(redirectUri, ("code", code.Code), ("state", state));
    }

    private static IResult PersonaPicker(HttpContext http, WeChatSandbox sandbox, string? unknown)
    {
        var items = new StringBuilder();
        foreach (var persona in sandbox.Registry.Personas)
        {
            var query = QueryString.Create(http.Request.Query
                .Where(pair => pair.Key != PersonaParameter)
                .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
                .Append(new(PersonaParameter, persona.Id)));
            items.Append(System.Globalization.CultureInfo.InvariantCulture, $"<li><a class=\"button\" href=\"{PageHtml.E(http.Request.PathBase + http.Request.Path + query)}\">{PageHtml.E(persona.Nickname)} · {PageHtml.E(persona.Id)}</a></li>");
        }

        var notice = unknown is null ? "" : $"<p class=\"error\">Unknown persona {PageHtml.E(unknown)}.</p>";
        var list = items.Length > 0 ? $"<ul class=\"personas\">{items}</ul>" : "<p>No personas yet: create one with POST control/personas.</p>";
        return PageHtml.Page("选择微信用户", $"<div class=\"msg\" data-page=\"persona-picker\"><h3>Who is holding the phone?</h3>{notice}{list}</div>");
    }
}
