namespace WeGate.WeChat.Messages;

// The query string of a callback (docs/wechat-contract.md#event-pushes): signature, timestamp, nonce and openid always;
// encrypt_type=aes and msg_signature in compatible and safe mode.
public sealed record CallbackQuery(
    string? Signature,
    string? Timestamp,
    string? Nonce,
    string? EncryptType = null,
    string? MsgSignature = null,
    string? OpenId = null)
{
    // encrypt_type absent or "raw" means plaintext (docs/wechat-contract.md#event-pushes).
    internal bool IsEncrypted() => EncryptType switch
    {
        null or "" or "raw" => false,
        "aes" => true,
        _ => throw new WeChatMessageException(
            WeChatMessageError.UnsupportedEncryptType, "encrypt_type must be absent, raw or aes."),
    };

    public string ToQueryString()
    {
        var pairs = new List<string>();
        Add("signature", Signature);
        Add("timestamp", Timestamp);
        Add("nonce", Nonce);
        Add("openid", OpenId);
        Add("encrypt_type", EncryptType);
        Add("msg_signature", MsgSignature);
        return string.Join('&', pairs);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                pairs.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
    }
}
