using WeGate.Server.Hosting;
using WeGate.Server.Pages;

namespace WeGate.Server.Demo;

// Development's front door at "/": where the demo, the virtual phone and the documentation are.
internal static class StartPage
{
    public static void Map(IEndpointRouteBuilder app, WeGateOptions options) =>
        app.MapGet("/", (HttpContext http) => Page.Html(http, Texts.For(null, http.Request), "WeGate", $"""
            <h1>WeGate</h1>
            <p class="sub">Every WeChat login, one account per person, standard OpenID Connect. Running in Development with the WeChat sandbox.</p>
            <ul>
            <li><a href="/demo">Demo application</a>: sign in with each of the seven WeChat logins.</li>
            <li><a href="{Page.Encode(options.Sandbox.Prefix)}/phone">Virtual phone</a>: be a WeChat user — scan, approve, follow, share a phone number.</li>
            <li><a href="/console">Console</a>: manage pools, applications, signing keys and the audit log; the first time, <a href="/console/setup">set it up</a> with the code printed at start.</li>
            <li><a href="/pools/default/.well-known/openid-configuration">OpenID configuration</a> of the pool <code>default</code>.</li>
            <li><a href="/admin/reference/v1">Admin API reference</a> (<a href="/openapi/v1.json">OpenAPI</a>); the admin key was printed at the first start.</li>
            <li>Documentation: <code>docs/README.md</code> in the repository.</li>
            </ul>
            """)).ExcludeFromDescription();
}
