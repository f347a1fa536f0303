using System.Collections.Concurrent;
using WeGate.Sandbox.Grants;

namespace WeGate.Sandbox.Phone;

internal sealed record ShownWxaCode(string AppId, string Scene, string? Page, string Content, DateTimeOffset ShownAt);

// The QR codes an app has had WeChat draw, which a PC page may be showing now: parametric QR tickets
// (cgi-bin/qrcode/create) and mini program codes (wxa/getwxacodeunlimit). The virtual phone lists
// them as things to scan. Tickets are held by name and looked up in QrTicketBook, so an expired one
// drops out; mini program codes never expire (wechat-api.md §3.1), so only the latest are kept.
internal sealed class ShownCodes(WeChatSandbox sandbox, int capacity = 50)
{
    private readonly ConcurrentQueue<string> _tickets = new();
    private readonly ConcurrentQueue<ShownWxaCode> _wxaCodes = new();

    // A wxacode encodes this URL (MiniProgramEndpoints); the phone reads the appid and scene back from it.
    public static string WxaCodeContent(string appId, string scene, string? page) =>
        $"https://mp.weixin.qq.com/a/{appId}?scene={Uri.EscapeDataString(scene)}&page={Uri.EscapeDataString(page ?? "")}";

    public void AddTicket(string ticket) => Bounded(_tickets, ticket);

    public void AddWxaCode(string appId, string scene, string? page) =>
        Bounded(_wxaCodes, new ShownWxaCode(appId, scene, page, WxaCodeContent(appId, scene, page), sandbox.Time.GetUtcNow()));

    // Live tickets, newest first.
    public IReadOnlyList<QrTicket> Tickets() =>
        [.. _tickets.Reverse().Select(sandbox.QrTickets.Find).OfType<QrTicket>()];

    // Mini program codes, newest first; the same scene of the same app drawn twice is listed once.
    public IReadOnlyList<ShownWxaCode> WxaCodes() =>
        [.. _wxaCodes.Reverse().DistinctBy(code => (code.AppId, code.Scene, code.Page))];

    public QrTicket? TicketWithContent(string content) =>
        Tickets().FirstOrDefault(ticket => ticket.Url == content);

    private void Bounded<T>(ConcurrentQueue<T> queue, T item)
    {
        queue.Enqueue(item);
        while (queue.Count > capacity && queue.TryDequeue(out _))
        {
        }
    }
}
