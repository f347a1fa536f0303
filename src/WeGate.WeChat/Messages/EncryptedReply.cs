namespace WeGate.WeChat.Messages;

// The aes-mode reply envelope (docs/wechat-contract.md#passive-replies). TimeStamp is bare digits in the official
// format and CDATA in SKIT's WrapXml; parsing accepts both (docs/wechat-contract.md#message-crypto).
public sealed record EncryptedReply(string Encrypt, string MsgSignature, string TimeStamp, string Nonce)
{
    public string ToXml() =>
        new XmlBody()
            .Cdata("Encrypt", Encrypt)
            .Cdata("MsgSignature", MsgSignature)
            .Digits("TimeStamp", TimeStamp)
            .Cdata("Nonce", Nonce)
            .ToString();

    public static EncryptedReply Parse(string xml)
    {
        var elements = SecureXml.ReadElements(xml);
        return new EncryptedReply(
            Require(elements, "Encrypt"),
            Require(elements, "MsgSignature"),
            Require(elements, "TimeStamp").Trim(),
            Require(elements, "Nonce"));
    }

    private static string Require(IReadOnlyDictionary<string, string> elements, string name) =>
        elements.TryGetValue(name, out var value)
            ? value
            : throw new WeChatMessageException(WeChatMessageError.MissingElement, $"The encrypted reply has no <{name}>.");
}
