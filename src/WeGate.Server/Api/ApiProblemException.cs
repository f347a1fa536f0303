namespace WeGate.Server.Api;

// An HTTP API error as a value: status, a short title, a detail that says what to fix, and per-field
// errors for validation. The problem handler turns it into RFC 9457 problem+json.
public sealed class ApiProblemException(int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IDictionary<string, string[]>? Errors { get; } = errors;

    // Sent as WWW-Authenticate with a 401 (the exception handler clears headers set before the throw).
    public string? WwwAuthenticate { get; init; }

    public static ApiProblemException NotFound(string what) => new(StatusCodes.Status404NotFound, "Not found", what);

    public static ApiProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ApiProblemException BadRequest(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "Invalid request", $"{field} {message}", new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblemException Validation(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "Invalid request",
            "The request breaks these rules: " + string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}")), errors);
}
