namespace WeGate.WeChat.Messages;

// The three message modes of an Official Account's server configuration (docs/wechat-contract.md#message-modes):
// plaintext bodies; compatible (plaintext elements plus <Encrypt>); safe (only <Encrypt>).
public enum MessageMode
{
    Plaintext,
    Compatible,
    Safe,
}
