using System.Text.Json;
using System.Text.Json.Serialization;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Messages;

namespace WeGate.Sandbox.Control;

// Bodies of the control API ({prefix}/control), shared by the endpoints and SandboxControlClient.
// Type is required: without it the enum would silently default to an official account.
public sealed record CreateAppRequest([property: JsonRequired] SandboxAppType Type)
{
    public string? AppId { get; init; }

    public string? Secret { get; init; }

    public string? OpenPlatformAccount { get; init; }

    public string? OriginalId { get; init; }

    public string? Token { get; init; }

    public string? EncodingAesKey { get; init; }

    public MessageMode MessageMode { get; init; } = MessageMode.Plaintext;

    public string? ServerUrl { get; init; }

    public string? CallbackDomain { get; init; }

    public string? LoginUrl { get; init; }

    public IReadOnlyList<string>? IpWhitelist { get; init; }

    public IReadOnlyList<string>? PublishedPages { get; init; }
}

// PATCH apps/{appId}: the server configuration and OAuth domain; null leaves a field unchanged.
public sealed record UpdateAppRequest
{
    public string? ServerUrl { get; init; }

    public string? Token { get; init; }

    public string? EncodingAesKey { get; init; }

    public MessageMode? MessageMode { get; init; }

    public string? CallbackDomain { get; init; }

    public string? LoginUrl { get; init; }

    // [] switches the IP whitelist off; a list replaces it.
    public IReadOnlyList<string>? IpWhitelist { get; init; }

    public IReadOnlyList<string>? PublishedPages { get; init; }
}

public sealed record PersonaIdentity(string AppId, string PersonaId, string OpenId, string? UnionId);

// Scope: snsapi_login (website), snsapi_userinfo (mobile, OA) or snsapi_base (OA).
public sealed record IssueCodeRequest(string AppId, string PersonaId, string? Scope = null);

public sealed record IssuedCodeResponse(string Code, int ExpiresIn);

// Without a persona the scan only reads the ticket. With one: a follower's scan pushes SCAN; a
// non-follower's scan pushes subscribe when Follow is true and nothing otherwise (docs/wechat-contract.md#event-pushes).
public sealed record ScanRequest(string Ticket, string? PersonaId = null, bool Follow = false);

// What the QR encodes and what the resulting event would carry as EventKey / scene (docs/wechat-contract.md#event-pushes).
// Event is "subscribe", "SCAN" or null (no event); DeliveryId is set when the event was pushed.
public sealed record ScanResult(string AppId, string Ticket, string ActionName, string Scene, string Url, bool Permanent)
{
    public string? Event { get; init; }

    public string? DeliveryId { get; init; }
}

public sealed record PersonaRequest(string PersonaId);

// A follow outside a QR code; DeliveryId is set when the plain subscribe event was pushed.
public sealed record FollowResult(string OpenId, bool AlreadyFollowing, string? DeliveryId);

public static class SandboxControlJson
{
    // Read-only from the start, as every options object given to Results.Json (WeChatJson.ReadOnly).
    public static JsonSerializerOptions Options { get; } = Api.WeChatJson.ReadOnly(new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
