namespace WeGate.WeChat.Messages;

// Writes push bodies the way WeChat does, for the sandbox (docs/wechat-contract.md#event-pushes): plaintext,
// compatible (the plaintext elements plus <Encrypt>) and safe (<ToUserName> and <Encrypt> only).
public static class InboundMessageWriter
{
    private static readonly HashSet<string> TypedElements = new(StringComparer.Ordinal)
    {
        "ToUserName", "FromUserName", "CreateTime", "MsgType", "Event", "EventKey", "Ticket", "MsgId", "Encrypt",
    };

    public static string WritePlaintext(InboundMessage message) => WriteElements(message).ToString();

    public static string WriteCompatible(InboundMessage message, string encrypt)
    {
        ArgumentNullException.ThrowIfNull(encrypt);
        return WriteElements(message).Cdata("Encrypt", encrypt).ToString();
    }

    public static string WriteSafe(string? toUserName, string encrypt)
    {
        ArgumentNullException.ThrowIfNull(encrypt);
        return new XmlBody().Cdata("ToUserName", toUserName).Cdata("Encrypt", encrypt).ToString();
    }

    // Elements outside the typed set are written as text; nested content is not reconstructed.
    private static XmlBody WriteElements(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = new XmlBody()
            .Cdata("ToUserName", message.ToUserName)
            .Cdata("FromUserName", message.FromUserName)
            .Number("CreateTime", message.CreateTime)
            .Cdata("MsgType", message.MsgType)
            .Cdata("Event", message.Event)
            .Cdata("EventKey", message.EventKey)
            .Cdata("Ticket", message.Ticket);
        if (message.MsgId is { } msgId)
        {
            body.Digits("MsgId", msgId);
        }

        foreach (var (name, value) in message.Elements)
        {
            if (!TypedElements.Contains(name))
            {
                body.Cdata(name, value);
            }
        }

        return body;
    }
}
