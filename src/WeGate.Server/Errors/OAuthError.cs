namespace WeGate.Server.Errors;

// An OAuth/OIDC error as a value: the RFC code, a description that says what to fix, the HTTP status
// (token-style endpoints) and internal detail that goes only to the log.
public sealed record OAuthError(string Error, string Description, int Status = StatusCodes.Status400BadRequest)
{
    public string? LogDetail { get; init; }

    // Members the JSON body carries beside error and error_description, e.g. the auth_session of an
    // interaction_required answer from the token endpoint.
    public IReadOnlyDictionary<string, object>? Extra { get; init; }

    public static OAuthError InvalidRequest(string description) => new("invalid_request", description);
    public static OAuthError InvalidClient(string description) => new("invalid_client", description, StatusCodes.Status401Unauthorized);
    public static OAuthError InvalidGrant(string description) => new("invalid_grant", description);
    public static OAuthError UnauthorizedClient(string description) => new("unauthorized_client", description);
    public static OAuthError UnsupportedGrantType(string description) => new("unsupported_grant_type", description);
    public static OAuthError UnsupportedResponseType(string description) => new("unsupported_response_type", description);
    public static OAuthError InvalidScope(string description) => new("invalid_scope", description);
    public static OAuthError AccessDenied(string description) => new("access_denied", description, StatusCodes.Status403Forbidden);
    public static OAuthError LoginRequired(string description) => new("login_required", description);
    public static OAuthError InvalidToken(string description) => new("invalid_token", description, StatusCodes.Status401Unauthorized);

    // RFC 6749 §5.2 body; never cached (§5.1).
    public IResult ToJson(HttpContext http, bool basicChallenge = false)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.CacheControl = "no-store";
        // RFC 6749 §5.2: a client that authenticated with HTTP Basic gets the Basic challenge back;
        // RFC 6750 §3: a protected resource refusing a token answers with a Bearer challenge.
        if (Status == StatusCodes.Status401Unauthorized && basicChallenge)
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"wegate\"";
        else if (Error == "invalid_token")
            http.Response.Headers.WWWAuthenticate = $"Bearer error=\"{Error}\", error_description=\"{HeaderSafe(Description)}\"";
        var body = new Dictionary<string, object> { ["error"] = Error, ["error_description"] = Description };
        if (Extra is not null)
        {
            foreach (var (name, value) in Extra)
                body[name] = value;
        }
        return Results.Json(body, statusCode: Status);
    }

    // RFC 6750 §3: error_description in a header is printable ASCII without '"' and '\'; Kestrel refuses
    // any other byte in a header value. The JSON body keeps the full text.
    private static string HeaderSafe(string text) =>
        string.Concat(text.Replace("§", "section ", StringComparison.Ordinal).Select(c => c is '"' ? '\'' : c is >= ' ' and <= '~' and not '\\' ? c : ' '));
}
