using System.Text.Json;
using Microsoft.AspNetCore.Http;
using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Api;

// The checks every WeChat endpoint shares, in WeChat's order: missing parameter, then unknown app,
// then wrong secret (docs/sandbox.md#what-it-enforces).
internal sealed class ApiRequest(HttpContext http, WeChatSandbox sandbox)
{
    public const string AppIdItem = "wegate.sandbox.appid";

    public WeChatSandbox Sandbox { get; } = sandbox;

    public DateTimeOffset Now => Sandbox.Time.GetUtcNow();

    public string? Query(string name) => http.Request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    public string Required(string name, int errCode) => Query(name) ?? throw new WeChatRejection(errCode);

    public SandboxApp App(bool withSecret = true)
    {
        var appId = Required("appid", 41002);
        http.Items[AppIdItem] = appId;
        var app = Sandbox.Registry.FindApp(appId) ?? throw new WeChatRejection(40013);
        if (withSecret)
        {
            if (Query("grant_type") == "client_credential")
            {
                RequireWhitelisted(app);
            }

            var secret = Required("secret", 41004);
            if (secret != app.Secret)
            {
                throw new WeChatRejection(40125);
            }
        }

        return app;
    }

    // The AppID's IP whitelist guards the access-token fetches, before the secret is looked at. WeChat names
    // the caller in the errmsg: "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist"
    // (docs/wechat-contract.md#access-tokens).
    public void RequireWhitelisted(SandboxApp app)
    {
        if (app.IpWhitelist is not { } allowed || http.Connection.RemoteIpAddress is not { } caller)
        {
            return;
        }

        var v4 = caller.IsIPv4MappedToIPv6 ? caller.MapToIPv4() : caller;
        if (allowed.Any(ip => System.Net.IPAddress.TryParse(ip, out var listed) && (listed.Equals(v4) || listed.Equals(caller))))
        {
            return;
        }

        var v6 = v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? v4.MapToIPv6() : v4;
        throw new WeChatRejection(40164, $"invalid ip {v4} ipv6 {v6}, not in whitelist");
    }

    // cgi-bin access_token of an app of one of the allowed types; another type's token is 48001.
    public SandboxApp TokenApp(params SandboxAppType[] allowed)
    {
        var token = Required("access_token", 41001);
        var (issued, errCode) = Sandbox.AccessTokens.Validate(token);
        WeChatRejection.ThrowIf(errCode);
        http.Items[AppIdItem] = issued!.AppId;
        var app = Sandbox.Registry.FindApp(issued.AppId) ?? throw new WeChatRejection(40001);
        return allowed.Contains(app.Type) ? app : throw new WeChatRejection(48001);
    }

    public SnsGrant SnsGrant()
    {
        var token = Required("access_token", 41001);
        var (grant, errCode) = Sandbox.SnsTokens.Validate(token);
        WeChatRejection.ThrowIf(errCode);
        http.Items[AppIdItem] = grant!.AppId;
        return grant;
    }

    // POST endpoints take JSON only: GET is 43002, a form or broken body 47001 (docs/wechat-contract.md#conventions).
    public async Task<JsonElement> JsonBodyAsync()
    {
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            throw new WeChatRejection(43002);
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: http.RequestAborted);
            return body.ValueKind == JsonValueKind.Object ? body : throw new WeChatRejection(47001);
        }
        catch (JsonException)
        {
            throw new WeChatRejection(47001);
        }
    }

    // A field of the wrong JSON type ("scene_id":"7", "code":123) is 47001 "data format error", as
    // developers report for type mismatches (docs/wechat-contract.md#conventions); absent or null reads as missing.
    public static string? String(JsonElement body, string name) => Field(body, name, JsonValueKind.String)?.GetString();

    // An integer field; a number that is no 64-bit integer (1.5, 1e400) is 40097 "invalid args".
    public static long? Integer(JsonElement body, string name) =>
        Field(body, name, JsonValueKind.Number) is not { } value ? null
        : value.TryGetInt64(out var number) ? number
        : throw new WeChatRejection(40097, "invalid " + name);

    public static bool? Boolean(JsonElement body, string name) =>
        Field(body, name, JsonValueKind.True, JsonValueKind.False)?.GetBoolean();

    private static JsonElement? Field(JsonElement body, string name, params JsonValueKind[] kinds)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return kinds.Contains(value.ValueKind) ? value : throw new WeChatRejection(47001);
    }

    public static string OpenIdOf(SandboxApp app, Persona persona) => PersonaIds.OpenId(app.AppId, persona.Id);

    public static string? UnionIdOf(SandboxApp app, Persona persona) =>
        app.OpenPlatformAccount is { } account ? PersonaIds.UnionId(account, persona.Id) : null;
}
