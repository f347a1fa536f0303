namespace WeGate.Server.Errors;

// An OAuth/OIDC error as a value, made only from an entry of WeGateErrors: the RFC code and the entry's
// id, a description that says what to fix, the HTTP status (token-style endpoints), the WWW-Authenticate
// challenge if any, and detail that goes only to the log.
public sealed record OAuthError
{
    internal OAuthError(ErrorEntry entry, string description)
    {
        Entry = entry;
        Description = description;
        Status = entry.Status;
    }

    public ErrorEntry Entry { get; }

    public string Error => Entry.Code;

    public string Id => Entry.Id;

    public string Description { get; }

    public int Status { get; init; }

    // The WWW-Authenticate header value of a 401 answer (RFC 6749 §5.2, RFC 6750 §3).
    public string? Challenge { get; init; }

    // What the operator may need and the client must not see (which check failed, WeChat's rid); logged
    // with the error id when the error is answered.
    public string? LogDetail { get; init; }

    // Members the JSON body carries beside error and error_description, e.g. the auth_session of an
    // interaction_required answer from the token endpoint.
    public IReadOnlyDictionary<string, object>? Extra { get; init; }

    // RFC 6750 §3: a protected resource refusing a token answers with a Bearer challenge naming the error.
    public OAuthError WithBearerChallenge() =>
        this with { Challenge = $"Bearer error=\"{Error}\", error_description=\"{HeaderSafe(Description)}\"" };

    // docs/errors.md: every answer names its entry, in the catalogue this WeGate serves at /errors.
    public string Uri(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Entry.Uri(http.RequestServices.GetRequiredService<Hosting.PublicAddress>().Base);
    }

    // RFC 6749 §5.2 body, with error_uri and error_id; never cached (§5.1).
    public IResult ToJson(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        Log(http);
        http.Response.Headers.CacheControl = "no-store";
        if (Challenge is not null)
            http.Response.Headers.WWWAuthenticate = Challenge;
        var body = new Dictionary<string, object>
        {
            ["error"] = Error, ["error_description"] = Description, ["error_uri"] = Uri(http), ["error_id"] = Id,
        };
        if (Extra is not null)
        {
            foreach (var (name, value) in Extra)
                body[name] = value;
        }
        return Results.Json(body, statusCode: Status);
    }

    public void Log(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (LogDetail is null)
            return;
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("WeGate.Errors")
            .LogInformation("{ErrorId} {Error} on {Path}: {Detail}", Id, Error, http.Request.Path.Value, LogDetail);
    }

    // RFC 6750 §3: error_description in a header is printable ASCII without '"' and '\'; Kestrel refuses
    // any other byte in a header value. The JSON body keeps the full text.
    private static string HeaderSafe(string text) =>
        string.Concat(text.Replace("§", "section ", StringComparison.Ordinal).Select(c => c is '"' ? '\'' : c is >= ' ' and <= '~' and not '\\' ? c : ' '));
}
