using System.Text.Json.Nodes;
using WeGate.Core.Applications;
using WeGate.Core.Authorization;
using WeGate.Core.Users;
using WeGate.Server.Errors;
using WeGate.Server.Oidc.Keys;
using WeGate.Server.Oidc.Token;

namespace WeGate.Server.Oidc.UserInfo;

// GET/POST /pools/{pool}/oauth2/userinfo (OIDC Core §5.3): standard claims by scope (§5.4), plus the
// `wechat` scope for the WeChat identities. Only a live access token of a live grant is accepted.
internal static class UserInfoEndpoint
{
    public static void Map(RouteGroupBuilder pool)
    {
        pool.MapGet("/oauth2/userinfo", HandleAsync).RequireRateLimiting(RateLimits.OidcRateLimits.PerIp);
        pool.MapPost("/oauth2/userinfo", HandleAsync).DisableAntiforgery().RequireRateLimiting(RateLimits.OidcRateLimits.PerIp);
    }

    // The token's signature and issuer, and the grant, application and user it still needs to be live.
    internal readonly record struct Services(ISigningKeys Keys, Issuer Issuer, IGrantStore Grants, IApplicationStore Applications, IUserStore Users);

    private static async Task<IResult> HandleAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var (claims, error) = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? await ClaimsAsync(pool, header[7..].Trim(), services, ct)
            : (null, WeGateErrors.BearerTokenMissing.Error());
        if (error is not null)
            return error.WithBearerChallenge().ToJson(http);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(claims);
    }

    // The answer for an access token, or why there is none; the console's Try login reads it here too
    // (docs/console.md#try-login).
    internal static async Task<(JsonObject? Claims, OAuthError? Error)> ClaimsAsync(string pool, string accessToken, Services services, CancellationToken ct)
    {
        var check = await services.Keys.ValidateAsync(pool, accessToken, services.Issuer.Of(pool), TokenIssuer.AccessTokenType, ct);
        if (!check.Valid || check.Payload is null)
            return (null, WeGateErrors.AccessTokenInvalid.Error("The access token is not valid: " + check.Error));
        var payload = check.Payload;
        var grantId = (string?)payload["gid"];
        var grant = grantId is null ? null : await services.Grants.GetAsync(pool, grantId, ct);
        if (grant is null || grant.Revoked || grant.UserId is null)
            return (null, WeGateErrors.AccessTokenRevoked.Error());
        if (await services.Applications.GetAsync(pool, grant.ClientId, ct) is not { Enabled: true })
            return (null, WeGateErrors.AccessTokenApplicationGone.Error());
        var users = services.Users;
        var user = await users.GetAsync(pool, grant.UserId, ct);
        if (user is null || user.Blocked)
            return (null, WeGateErrors.AccessTokenUserGone.Error());

        var scopes = ((string?)payload["scope"] ?? "").Split(' ');
        var claims = new JsonObject { ["sub"] = user.Id };
        var p = user.Profile;
        if (scopes.Contains("profile"))
        {
            Add(claims, "name", p.Name);
            Add(claims, "nickname", p.Nickname);
            Add(claims, "picture", p.Picture);
            Add(claims, "gender", p.Gender);
            Add(claims, "locale", p.Locale);
            claims["updated_at"] = user.UpdatedAt.ToUnixTimeSeconds();
        }
        if (scopes.Contains("email") && p.Email is not null)
        {
            claims["email"] = p.Email;
            claims["email_verified"] = p.EmailVerified;
        }
        if (scopes.Contains("phone") && p.PhoneNumber is not null)
        {
            claims["phone_number"] = p.PhoneNumber;
            claims["phone_number_verified"] = p.PhoneNumberVerified;
        }
        if (scopes.Contains("address") && p.Address is not null)
            claims["address"] = new JsonObject { ["formatted"] = p.Address };
        if (scopes.Contains("wechat"))
            AddWeChat(claims, await users.GetIdentitiesAsync(pool, user.Id, ct));
        return (claims, null);
    }

    private static void AddWeChat(JsonObject claims, IReadOnlyList<Identity> identities)
    {
        if (identities.FirstOrDefault(i => i.Kind == IdentityKind.WeChatUnionId) is { } union)
            claims["wechat_unionid"] = union.Identifier;
        var openIds = new JsonArray();
        foreach (var openId in identities.Where(i => i.Kind == IdentityKind.WeChatOpenId))
        {
            var colon = openId.Identifier.IndexOf(':', StringComparison.Ordinal);
            openIds.Add(new JsonObject { ["appid"] = openId.Identifier[..colon], ["openid"] = openId.Identifier[(colon + 1)..] });
        }
        if (openIds.Count > 0)
            claims["wechat_openids"] = openIds;
    }

    private static void Add(JsonObject claims, string name, string? value)
    {
        if (value is not null)
            claims[name] = value;
    }
}
