using WeGate.Core.Connections;
using WeGate.Server.Hosting;
using WeGate.Server.Pages;
using WeGate.Server.WeChat;

namespace WeGate.Server.Interaction;

// The hosted login page (docs/oidc.md#sign-in-and-sessions, docs/logins.md#the-login-page): where a parked
// authorization request waits while the person signs in. Each enabled connection's login flow draws its
// panel (ILoginFlow), the other ways to sign in (ILoginMethod: the password form) draw theirs, and
// LoginPageLayout shows one of them at a time.
internal sealed class LoginPage(ParkedRequests parked, IConnectionStore connections, IEnumerable<ILoginFlow> flows, IEnumerable<ILoginMethod> methods,
    WeGateOptions options, IHostEnvironment env)
{
    private readonly bool _sandbox = WeChatSetup.SandboxEnabled(options, env);

    public static void Map(RouteGroupBuilder pool) =>
        pool.MapGet("/login", async (string pool, string? request, LoginPage page, HttpContext http, CancellationToken ct) =>
            await page.LoadAsync(pool, request, ct) is { } waiting
                ? await page.DirectStartAsync(http, waiting, ct) ?? await page.RenderAsync(http, waiting, new LoginPageInput(), ct)
                : Expired(http));

    public Task<ParkedRequest?> LoadAsync(string pool, string? requestId, CancellationToken ct) => parked.LoadAsync(pool, requestId, ct);

    // A request that names one of its connections (`connection`) goes straight to that login where the
    // login can start without the page (oa-web inside WeChat, the website QR's WeChat page); elsewhere the
    // page shows it first.
    private async Task<IResult?> DirectStartAsync(HttpContext http, ParkedRequest request, CancellationToken ct)
    {
        if (request.Request.Connection is not { } slug || request.Request.Embed is not null
            || await connections.GetAsync(request.Pool, slug, ct) is not { Enabled: true } connection
            || flows.FirstOrDefault(f => f.ConnectionType == connection.Type) is not { } flow)
            return null;
        return flow.DirectStart(new LoginPanel(request, connection, http, request.Texts(http.Request), _sandbox)) is { } start ? new SeeOther(start) : null;
    }

    // The page, with what the person typed and what went wrong; every WeChat panel is drawn afresh (new
    // tickets and codes).
    public async Task<IResult> RenderAsync(HttpContext http, ParkedRequest request, LoginPageInput input, CancellationToken ct)
    {
        var (login, error, status) = (input.Login, input.Error, input.Status);
        if (input.Method is not null && !methods.Any(m => m.Id == input.Method))
            throw new ArgumentException($"no login method '{input.Method}'", nameof(input));
        var texts = request.Texts(http.Request);
        var enabled = new List<(Connection Connection, ILoginFlow Flow)>();
        var byType = flows.ToDictionary(f => f.ConnectionType, StringComparer.Ordinal);
        // The embedded QR login (docs/oidc.md#embedded-qr-login) shows the codes a login ticket follows and
        // nothing to type: a frame is no place for a password. Its one framing origin is the redirect URI's.
        var embedded = request.Request.Embed is not null;
        if (embedded)
            Page.AllowFramingBy(http, new Uri(request.Request.RedirectUri));
        foreach (var slug in request.Application.Connections)
        {
            if (await connections.GetAsync(request.Pool, slug, ct) is { Enabled: true } connection && byType.TryGetValue(connection.Type, out var flow)
                && (!embedded || flow.Embeddable) && (!embedded || request.Request.Connection is null || request.Request.Connection == slug))
                enabled.Add((connection, flow));
        }

        // Inside WeChat's browser the phone showing a QR code cannot scan it: the one-tap button takes the
        // codes' place, and none is drawn (docs/logins.md#4-in-wechat-web-page-oa-web).
        var oneTap = LoginPanel.IsInsideWeChat(http) && enabled.Any(e => e.Flow.Kind == LoginPanelKind.InWeChat);
        var panels = new List<FlowPanel>();
        foreach (var (connection, flow) in enabled.Where(e => !(oneTap && e.Flow.Kind == LoginPanelKind.QrCode)))
        {
            if (await flow.RenderAsync(new LoginPanel(request, connection, http, texts, _sandbox), ct) is { } html)
                panels.Add(new FlowPanel(connection, flow.Kind, html, html.Contains(" data-unavailable", StringComparison.Ordinal)));
        }
        var forms = methods.Where(m => m.Offered && !embedded).Select(m => new MethodPanel(m.Id, m.Render(request, http, texts, input with { Login = login ?? request.LoginHint }))).ToList();
        var query = http.Request.Query;
        var layout = new LoginPageLayout(request, texts, panels, forms, error, input.Notice);
        var qr = query[LoginPageUrls.Qr] is { Count: > 0 } chosen ? chosen.ToString() : request.Request.Connection;
        var body = layout.Render(layout.Choose(input.Method ?? query[LoginPageUrls.Method].ToString(), qr));
        return Page.Html(http, texts, texts["title"], body, status, request.Application.Branding);
    }

    // No request to take the language from: the browser's Accept-Language chooses it.
    public static IResult Expired(HttpContext http)
    {
        var texts = Texts.For(null, http.Request);
        return Page.Html(http, texts, texts["title"], $"<p class=\"error\">{Page.Encode(texts["expired"])}</p>", StatusCodes.Status400BadRequest);
    }
}

// What a form answer shows on the page it draws again: what the person typed, what went wrong (with the
// status) or a notice, the method to show (the one just used; else the link's), and whether a one-time
// code is on its way to input.Login (the code form then asks for it).
internal sealed record LoginPageInput(string? Login = null, string? Error = null, int Status = StatusCodes.Status200OK, string? Method = null,
    string? Notice = null, bool CodeSent = false);
