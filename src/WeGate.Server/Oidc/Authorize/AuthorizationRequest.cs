using System.Globalization;
using WeGate.Core.Applications;
using WeGate.Server.Errors;

namespace WeGate.Server.Oidc.Authorize;

// A validated authorization request (OIDC Core §3.1.2.1, RFC 7636, RFC 9700). Kept as JSON while the
// person is on the login page.
public sealed record AuthorizationRequest
{
    public const int MaxParameterLength = 2048;

    public required string ClientId { get; init; }
    public required string RedirectUri { get; init; }
    public required string Scope { get; init; }
    public string? State { get; init; }
    public string? Nonce { get; init; }
    public string? CodeChallenge { get; init; }
    public string? CodeChallengeMethod { get; init; }
    public string? Prompt { get; init; }
    public int? MaxAge { get; init; }
    public string? LoginHint { get; init; }
    public string? UiLocales { get; init; }

    // WeGate extensions (docs/oidc.md#authorization-request): go straight to one of the application's
    // connections; show only the QR codes, in a frame of the redirect URI's origin (pushed requests only,
    // docs/oidc.md#embedded-qr-login).
    public string? Connection { get; init; }
    public string? Embed { get; init; }

    public IReadOnlyList<string> Scopes => Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    public bool HasPrompt(string value) => Prompt?.Split(' ').Contains(value, StringComparer.Ordinal) == true;
}

internal static class AuthorizationRequestParser
{
    private static readonly string[] Prompts = ["none", "login", "consent", "select_account"];

    // Checks after the client and redirect URI are known good, so errors can go back to the client.
    // pushed: the parameters came from a pushed authorization request (RFC 9126), which alone may ask for `embed`.
    public static (AuthorizationRequest? Request, OAuthError? Error) Parse(Func<string, string?> get, Application app, string redirectUri, bool pushed = false)
    {
        foreach (var name in new[] { "state", "nonce", "scope", "code_challenge", "login_hint", "ui_locales", "prompt", "max_age", "connection", "embed" })
        {
            if (get(name)?.Length > AuthorizationRequest.MaxParameterLength)
                return Fail(WeGateErrors.AuthorizeParameterTooLong.Error($"{name} is longer than {AuthorizationRequest.MaxParameterLength} characters"));
        }
        if (get("request") is not null || get("request_uri") is not null)
            return Fail(WeGateErrors.RequestObjectNotSupported.Error());
        var responseType = get("response_type");
        if (responseType != "code")
            return Fail(responseType is null ? WeGateErrors.ResponseTypeNotSupported.Error("response_type is required and must be code")
                : WeGateErrors.ResponseTypeNotSupported.Error($"response_type '{responseType}' is not supported: only code (RFC 9700 §2.1.2: no implicit flow)"));
        if (get("response_mode") is { } mode && mode != "query")
            return Fail(WeGateErrors.ResponseModeNotSupported.Error($"response_mode '{mode}' is not supported: only query"));
        if (!app.Grants.Contains(GrantType.AuthorizationCode))
            return Fail(WeGateErrors.AuthorizationCodeNotAllowed.Error());

        var scope = string.Join(' ', (get("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal));
        var unknown = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => !Scopes.Supported.Contains(s, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
            return Fail(Scopes.Unknown(unknown));
        if (scope.Length == 0)
            return Fail(WeGateErrors.ScopeMissing.Error());

        var challenge = get("code_challenge");
        var method = get("code_challenge_method");
        if (challenge is null && method is not null)
            return Fail(WeGateErrors.ChallengeMethodWithoutChallenge.Error());
        if (challenge is not null)
        {
            // RFC 9700 §2.1.1: S256 only; "plain" would expose the verifier.
            if (method != "S256")
                return Fail(WeGateErrors.ChallengeMethodNotS256.Error($"code_challenge_method must be S256{(method is null ? " (it defaults to plain, which is not accepted)" : $", not {method}")}"));
            if (!Pkce.IsChallenge(challenge))
                return Fail(WeGateErrors.ChallengeMalformed.Error());
        }
        else if (!app.IsConfidential)
        {
            return Fail(WeGateErrors.PkceRequired.Error());
        }

        var prompt = get("prompt");
        if (prompt is not null)
        {
            var values = prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (values.Any(v => !Prompts.Contains(v)))
                return Fail(WeGateErrors.PromptUnknown.Error());
            if (values.Contains("none") && values.Length > 1)
                return Fail(WeGateErrors.PromptNoneCombined.Error());
        }
        int? maxAge = null;
        if (get("max_age") is { } rawMaxAge)
        {
            if (!int.TryParse(rawMaxAge, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return Fail(WeGateErrors.MaxAgeMalformed.Error());
            maxAge = parsed;
        }
        var connection = get("connection");
        if (connection is not null && !app.Connections.Contains(connection, StringComparer.Ordinal))
            return Fail(WeGateErrors.ConnectionNotOffered.Error($"connection '{connection}' is not one of this application's connections ({string.Join(", ", app.Connections)})"));
        var embed = get("embed");
        if (embed is not null)
        {
            if (!pushed)
                return Fail(WeGateErrors.EmbedNotPushed.Error());
            if (embed != "qr")
                return Fail(WeGateErrors.EmbedUnknown.Error($"embed '{embed}' is not supported; embed may only be qr"));
            if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp))
                return Fail(WeGateErrors.EmbedRedirectUriNotWeb.Error());
        }
        return (new AuthorizationRequest
        {
            ClientId = app.ClientId, RedirectUri = redirectUri, Scope = scope, State = get("state"), Nonce = get("nonce"),
            CodeChallenge = challenge, CodeChallengeMethod = challenge is null ? null : "S256", Prompt = prompt, MaxAge = maxAge,
            LoginHint = get("login_hint"), UiLocales = get("ui_locales"), Connection = connection, Embed = embed,
        }, null);
    }

    private static (AuthorizationRequest?, OAuthError?) Fail(OAuthError error) => (null, error);
}
