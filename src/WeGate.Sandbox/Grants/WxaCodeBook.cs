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
// (docs/wechat-contract.md#mini-program-codes), so only the latest are kept, each with when it was last drawn.
internal sealed class WxaCodeBook(TimeProvider time, int capacity = 50)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WxaCode, (DateTimeOffset DrawnAt, long Order)> _codes = [];
    private long _drawn;

    public void Add(WxaCode code)
    {
        lock (_gate)
        {
            _codes[code] = (time.GetUtcNow(), ++_drawn);
            foreach (var oldest in _codes.OrderBy(entry => entry.Value.Order).Take(_codes.Count - capacity).ToList())
            {
                _codes.Remove(oldest.Key);
            }
        }
    }

    // Newest first, drawn within `window`; the same code drawn twice is listed once, as last drawn.
    public IReadOnlyList<(WxaCode Code, DateTimeOffset DrawnAt)> Latest(TimeSpan window)
    {
        var since = time.GetUtcNow() - window;
        lock (_gate)
        {
            return [.. _codes.Where(entry => entry.Value.DrawnAt >= since)
                .OrderByDescending(entry => entry.Value.Order)
                .Select(entry => (entry.Key, entry.Value.DrawnAt))];
        }
    }
}
