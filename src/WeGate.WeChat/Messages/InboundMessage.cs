using System.Globalization;

namespace WeGate.WeChat.Messages;

// A callback body as WeChat pushes it (docs/wechat-contract.md#event-pushes): the common elements typed, every
// top-level element (known or not) kept in Elements. The same shape carries passive replies (docs/wechat-contract.md#passive-replies).
public sealed record InboundMessage
{
    public const string SubscribeEvent = "subscribe";
    public const string ScanEvent = "SCAN";

    // WeChat quirk: subscribe events prefix the scene with qrscene_, SCAN events carry it bare (docs/wechat-contract.md#event-pushes).
    public const string SubscribeScenePrefix = "qrscene_";

    public string? ToUserName { get; init; }

    public string? FromUserName { get; init; }

    public long? CreateTime { get; init; }

    public string? MsgType { get; init; }

    public string? Event { get; init; }

    public string? EventKey { get; init; }

    public string? Ticket { get; init; }

    public string? MsgId { get; init; }

    public string? Encrypt { get; init; }

    public IReadOnlyDictionary<string, string> Elements { get; init; } = new Dictionary<string, string>();

    public bool IsSubscribe => IsEvent(SubscribeEvent);

    public bool IsScan => IsEvent(ScanEvent);

    // The QR scene of a subscribe-by-scan or SCAN event, or null when the event did not come from
    // a parametric QR code (a plain follow has no or an empty EventKey, docs/wechat-contract.md#event-pushes).
    public string? QrScene
    {
        get
        {
            if (IsSubscribe && EventKey is { } key && key.StartsWith(SubscribeScenePrefix, StringComparison.Ordinal))
            {
                return NullIfEmpty(key[SubscribeScenePrefix.Length..]);
            }

            return IsScan ? NullIfEmpty(EventKey) : null;
        }
    }

    public static InboundMessage Parse(string xml)
    {
        var elements = SecureXml.ReadElements(xml);
        return new InboundMessage
        {
            ToUserName = elements.GetValueOrDefault("ToUserName"),
            FromUserName = elements.GetValueOrDefault("FromUserName"),
            CreateTime = ParseCreateTime(elements.GetValueOrDefault("CreateTime")),
            MsgType = elements.GetValueOrDefault("MsgType"),
            Event = elements.GetValueOrDefault("Event"),
            EventKey = elements.GetValueOrDefault("EventKey"),
            Ticket = elements.GetValueOrDefault("Ticket"),
            MsgId = elements.GetValueOrDefault("MsgId"),
            Encrypt = elements.GetValueOrDefault("Encrypt"),
            Elements = elements,
        };
    }

    // What WeChat pushes when a user scans a parametric QR code and follows (docs/wechat-contract.md#event-pushes).
    public static InboundMessage Subscribe(string toUserName, string fromUserName, long createTime, string? scene, string? ticket) =>
        EventOf(SubscribeEvent, toUserName, fromUserName, createTime, scene is null ? null : SubscribeScenePrefix + scene, ticket);

    // What WeChat pushes when a user who already follows scans a parametric QR code (docs/wechat-contract.md#event-pushes).
    public static InboundMessage Scan(string toUserName, string fromUserName, long createTime, string scene, string ticket) =>
        EventOf(ScanEvent, toUserName, fromUserName, createTime, scene, ticket);

    private static InboundMessage EventOf(
        string eventName, string toUserName, string fromUserName, long createTime, string? eventKey, string? ticket) => new()
        {
            ToUserName = toUserName,
            FromUserName = fromUserName,
            CreateTime = createTime,
            MsgType = "event",
            Event = eventName,
            EventKey = eventKey,
            Ticket = ticket,
        };

    // Event names are compared ignoring case: SDKs disagree on whether to normalise "SCAN".
    private bool IsEvent(string name) =>
        string.Equals(MsgType, "event", StringComparison.OrdinalIgnoreCase)
        && string.Equals(Event, name, StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static long? ParseCreateTime(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new WeChatMessageException(WeChatMessageError.InvalidElement, "<CreateTime> is not a Unix timestamp.");
    }
}
