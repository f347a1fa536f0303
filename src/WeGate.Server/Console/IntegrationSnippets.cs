using WeGate.Core.Applications;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// Integration snippets on an application's page (docs/console.md#integration-snippets): the usual
// OpenID Connect client of each stack, filled in with the application's issuer, client_id and first
// redirect URI. A secret is never written in: a web application's comes from configuration.
internal static class IntegrationSnippets
{
    public const string SomeRedirectUri = "https://app.example.com/callback";

    public sealed record Snippet(string Id, string Title, string Language, string Code);

    public static IReadOnlyList<Snippet> For(Application app, string issuer)
    {
        ArgumentNullException.ThrowIfNull(app);
        var redirect = app.RedirectUris.FirstOrDefault(u => !u.EndsWith(TryLogin.CallbackPath, StringComparison.Ordinal)) ?? SomeRedirectUri;
        var callbackPath = Uri.TryCreate(redirect, UriKind.Absolute, out var r) ? r.AbsolutePath : "/callback";
        var secret = app.IsConfidential;
        var https = issuer.StartsWith("https:", StringComparison.Ordinal) ? "true" : "false";
        var list = new List<Snippet>
        {
            new("curl", "Discovery (curl)", "sh", $"curl {issuer}/.well-known/openid-configuration"),
            new("aspnetcore", "ASP.NET Core (Microsoft.AspNetCore.Authentication.OpenIdConnect)", "csharp", $$"""
                builder.Services.AddAuthentication(options =>
                {
                    options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                    options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
                })
                .AddCookie()
                .AddOpenIdConnect(options =>
                {
                    options.Authority = "{{issuer}}";
                    options.ClientId = "{{app.ClientId}}";
                {{(secret ? "    options.ClientSecret = builder.Configuration[\"WeGate:ClientSecret\"];\n" : "")}}    options.ResponseType = "code";
                    options.UsePkce = true;
                    options.CallbackPath = "{{callbackPath}}";
                    options.Scope.Add("profile");
                    options.GetClaimsFromUserInfoEndpoint = true;
                    options.RequireHttpsMetadata = {{https}};
                });
                """),
            new("openid-client", "Node.js (openid-client 6)", "js", $$"""
                import * as client from 'openid-client';

                const config = await client.discovery(new URL('{{issuer}}'), '{{app.ClientId}}'{{(secret ? ", process.env.CLIENT_SECRET" : "")}});
                // Sign-in: keep verifier and state in the session, send the browser to `url`.
                const verifier = client.randomPKCECodeVerifier();
                const state = client.randomState();
                const url = client.buildAuthorizationUrl(config, {
                  redirect_uri: '{{redirect}}', scope: 'openid profile', state,
                  code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
                });
                // At {{callbackPath}}: the code for tokens, then the claims.
                const tokens = await client.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: verifier, expectedState: state });
                const claims = await client.fetchUserInfo(config, tokens.access_token, tokens.claims().sub);
                """),
            new("spring", "Spring Security (application.yml)", "yaml", $$"""
                spring:
                  security:
                    oauth2:
                      client:
                        registration:
                          wegate:
                            client-id: {{app.ClientId}}
                {{(secret ? "            client-secret: ${WEGATE_CLIENT_SECRET}\n" : "            client-authentication-method: none\n")}}            authorization-grant-type: authorization_code
                            redirect-uri: "{{redirect}}"
                            scope: openid,profile
                        provider:
                          wegate:
                            issuer-uri: {{issuer}}
                """),
        };
        if (!secret)
        {
            list.Add(new("oidc-client-ts", "Browser (oidc-client-ts)", "js", $$"""
                import { UserManager } from 'oidc-client-ts';

                const users = new UserManager({
                  authority: '{{issuer}}',
                  client_id: '{{app.ClientId}}',
                  redirect_uri: '{{redirect}}',
                  response_type: 'code',
                  scope: 'openid profile',
                });
                await users.signinRedirect(); // on the sign-in button
                const user = await users.signinRedirectCallback(); // on the page at {{callbackPath}}
                """));
        }
        return list;
    }

    public static string Html(ConsoleTexts t, Application app, string issuer) => $"""
        <section class="card" data-snippets><h2>{E(t["snippets_title"])}</h2><p class="hint">{E(t["snippets_hint"])}</p>
        {string.Concat(For(app, issuer).Select(s => $"""
            <details data-snippet="{E(s.Id)}"><summary>{E(s.Title)}</summary><pre class="snippet"><code class="language-{E(s.Language)}">{E(s.Code)}</code></pre></details>
            """))}</section>
        """;
}
