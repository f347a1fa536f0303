using System.Collections.Concurrent;

namespace WeGate.Sandbox.Grants;

// A mini program code drawn by wxa/getwxacodeunlimit (docs/wechat-contract.md#mini-program-codes).
internal sealed record WxaCode(string AppId, string Scene, string? Page)
{
    // What the sandbox's wxacode image encodes. WeChat's own codes are read by its app only; this URL
    // lets the virtual phone read the appid, scene and page back from the image.
    public string Content =>
        $"https://mp.weixin.qq.com/a/{AppId}?scene={Uri.EscapeDataString(Scene)}&page={Uri.EscapeDataString(Page ?? "")}";
}

// The mini program codes apps have had drawn, which a PC page may be showing. They never expire
// (docs/wechat-contract.md#mini-program-codes), so only the latest are kept.
internal sealed class WxaCodeBook(int capacity = 50)
{
    private readonly ConcurrentQueue<WxaCode> _codes = new();

    public void Add(WxaCode code)
    {
        _codes.Enqueue(code);
        while (_codes.Count > capacity && _codes.TryDequeue(out _))
        {
        }
    }

    // Newest first; the same code drawn twice is listed once.
    public IReadOnlyList<WxaCode> Latest() => [.. _codes.Reverse().Distinct()];
}
