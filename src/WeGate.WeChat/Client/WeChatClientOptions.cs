namespace WeGate.WeChat.Client;

public sealed class WeChatClientOptions
{
    public WeChatEndpoints Endpoints { get; set; } = WeChatEndpoints.Real;

    // Per attempt; a WeChat call that takes longer is treated as a transport failure.
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    // Retries apply only to calls safe to repeat, and only for -1 and transport failures.
    public int MaxRetryAttempts { get; set; } = 2;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    // docs/wechat-contract.md#access-tokens: refresh early; a fresh token overlaps the old one for 5 minutes anyway.
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);
}
