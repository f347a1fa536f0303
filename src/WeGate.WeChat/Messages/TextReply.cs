namespace WeGate.WeChat.Messages;

// A passive text reply is the HTTP response to the push, with the user names swapped:
// ToUserName is the sender's openid, FromUserName the account's original id (docs/wechat-contract.md#passive-replies).
public static class TextReply
{
    public static string Write(InboundMessage request, string content, long createTime)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(content);
        if (request.FromUserName is null || request.ToUserName is null)
        {
            throw new ArgumentException("A reply needs the request's ToUserName and FromUserName.", nameof(request));
        }

        return new XmlBody()
            .Cdata("ToUserName", request.FromUserName)
            .Cdata("FromUserName", request.ToUserName)
            .Number("CreateTime", createTime)
            .Cdata("MsgType", "text")
            .Cdata("Content", content)
            .ToString();
    }
}
