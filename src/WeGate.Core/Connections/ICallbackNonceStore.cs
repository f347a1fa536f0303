namespace WeGate.Core.Connections;

// Which body a signed (timestamp, nonce) of an official-account push came with, across every node.
public interface ICallbackNonceStore
{
    // True for the first use of `key` and for a repeat with the same body (WeChat's own retry); false
    // when the key already came with another body.
    Task<bool> AcceptAsync(string key, string bodyHash, DateTimeOffset expiresAt, CancellationToken ct = default);
}
