using System.Text.Json.Serialization;

namespace WeGate.WeChat.Client;

// `Url` is what the QR encodes; `Ticket` comes back in the subscribe/SCAN event (wechat-api.md §1.2, §1.5).
public sealed record QrCodeTicket(
    [property: JsonPropertyName("ticket")] string Ticket,
    [property: JsonPropertyName("expire_seconds")] int? ExpireSeconds,
    [property: JsonPropertyName("url")] string Url);
