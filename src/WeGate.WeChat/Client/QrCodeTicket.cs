using System.Text.Json.Serialization;

namespace WeGate.WeChat.Client;

// `Url` is what the QR encodes; `Ticket` comes back in the subscribe/SCAN event (docs/wechat-contract.md#parametric-qr-codes, docs/wechat-contract.md#event-pushes).
// Permanent codes come back without expire_seconds.
public sealed record QrCodeTicket(
    [property: JsonPropertyName("ticket")] string Ticket,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("expire_seconds")] int? ExpireSeconds = null);
