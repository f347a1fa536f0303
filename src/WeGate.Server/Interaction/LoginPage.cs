using System.Text;
using WeGate.Core.Connections;
using WeGate.Server.Pages;

namespace WeGate.Server.Interaction;

// The hosted login page (docs/oidc.md#sign-in-and-sessions, docs/logins.md): where a parked authorization request waits while the person
// signs in. Each enabled connection's login flow adds its panel (ILoginFlow), then the other ways to
// sign in (ILoginMethod: the password form).
internal sealed class LoginPage(ParkedRequests parked, IConnectionStore connections, IEnumerable<ILoginFlow> flows, IEnumerable<ILoginMethod> methods)
{
    public static void Map(RouteGroupBuilder pool) =>
        pool.MapGet("/login", async (string pool, string? request, LoginPage page, HttpContext http, CancellationToken ct) =>
            await page.LoadAsync(pool, request, ct) is { } waiting ? await page.RenderAsync(http, waiting, null, null, StatusCodes.Status200OK, ct) : Expired(http));

    public Task<ParkedRequest?> LoadAsync(string pool, string? requestId, CancellationToken ct) => parked.LoadAsync(pool, requestId, ct);

    // The page, with what the person typed and what went wrong; every WeChat panel is drawn afresh (new
    // tickets and codes).
    public async Task<IResult> RenderAsync(HttpContext http, ParkedRequest request, string? login, string? error, int status, CancellationToken ct)
    {
        var texts = request.Texts(http.Request);
        var body = new StringBuilder();
        body.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"<h1>{Page.Encode(texts["title"])}</h1><p class=\"sub\">{Page.Encode(texts.Format("to", request.Application.DisplayName))}</p>");
        if (error is not null)
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p class=\"error\" role=\"alert\">{Page.Encode(error)}</p>");
        var byType = flows.ToDictionary(f => f.ConnectionType, StringComparer.Ordinal);
        foreach (var slug in request.Application.Connections)
        {
            if (await connections.GetAsync(request.Pool, slug, ct) is { Enabled: true } connection && byType.TryGetValue(connection.Type, out var flow)
                && await flow.RenderAsync(new LoginPanel(request, connection, http, texts), ct) is { } panel)
            {
                body.Append(panel);
            }
        }
        foreach (var method in methods)
            body.Append(method.Render(request, http, texts, login ?? request.LoginHint));
        return Page.Html(http, texts, texts["title"], body.ToString(), status);
    }

    // No request to take the language from: the browser's Accept-Language chooses it.
    public static IResult Expired(HttpContext http)
    {
        var texts = Texts.For(null, http.Request);
        return Page.Html(http, texts, texts["title"], $"<p class=\"error\">{Page.Encode(texts["expired"])}</p>", StatusCodes.Status400BadRequest);
    }
}
