using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Messages;

// The server-configuration settings one Official Account shares with WeChat (wechat-api.md §1.4–1.6).
// PreviousKey is kept after a key change so pushes encrypted with it still open (§1.5 FAQ rule).
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
