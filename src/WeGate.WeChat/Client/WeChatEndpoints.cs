namespace WeGate.WeChat.Client;

// The three WeChat hosts (docs/wechat-contract.md#conventions): the API, the OAuth pages and the QR image host.
// The sandbox serves the same paths under one prefix, so a client is pointed at it by swapping these.
public sealed record WeChatEndpoints(Uri Api, Uri Open, Uri Mp)
{
    public static WeChatEndpoints Real { get; } = new(
        new Uri("https://api.weixin.qq.com/"),
        new Uri("https://open.weixin.qq.com/"),
        new Uri("https://mp.weixin.qq.com/"));

    // Matches MapWeChatSandbox(prefix): {root}/api, {root}/open, {root}/mp.
    public static WeChatEndpoints Sandbox(Uri root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var text = root.ToString().TrimEnd('/');
        return new(new Uri(text + "/api/"), new Uri(text + "/open/"), new Uri(text + "/mp/"));
    }

    internal static Uri Build(Uri host, string path, params (string Name, string? Value)[] query)
    {
        var pairs = query
            .Where(pair => pair.Value is not null)
            .Select(pair => Uri.EscapeDataString(pair.Name) + "=" + Uri.EscapeDataString(pair.Value!));
        var text = string.Join('&', pairs);
        return new Uri(host, text.Length == 0 ? path : path + "?" + text);
    }
}
