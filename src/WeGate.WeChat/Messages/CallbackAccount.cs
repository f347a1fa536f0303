using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Messages;

// The server-configuration settings one Official Account shares with WeChat (docs/wechat-contract.md#official-account-server).
// PreviousKey is kept after a key change so pushes encrypted with it still open (docs/wechat-contract.md#key-rotation).
public sealed record CallbackAccount(
    string Token,
    string AppId,
    MessageMode Mode,
    EncodingAesKey? CurrentKey = null,
    EncodingAesKey? PreviousKey = null)
{
    internal void Validate()
    {
        if (string.IsNullOrEmpty(Token))
        {
            throw new ArgumentException("A callback account needs a token.", nameof(Token));
        }

        ArgumentException.ThrowIfNullOrEmpty(AppId);
        if (Mode != MessageMode.Plaintext && CurrentKey is null)
        {
            throw new ArgumentException($"{Mode} mode needs an EncodingAESKey.", nameof(CurrentKey));
        }
    }
}
