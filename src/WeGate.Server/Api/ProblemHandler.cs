using Microsoft.AspNetCore.Diagnostics;
using WeGate.Core.Validation;

namespace WeGate.Server.Api;

// Every error leaves as problem+json (RFC 9457). Below 500 the detail says what to fix; a 500 says
// nothing about internals, and the exception goes to the log with the trace id the client sees.
internal sealed class ProblemHandler(IProblemDetailsService problems, ILogger<ProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail, errors) = exception switch
        {
            ApiProblemException p => (p.Status, p.Title, p.Message, p.Errors),
            DomainValidationException v => (400, "Invalid request", v.Message, v.Errors),
            BadHttpRequestException { StatusCode: 413 } => (413, "Request body too large", "The request body is larger than this endpoint accepts; send less data.", null),
            BadHttpRequestException b => (b.StatusCode, "Bad request", b.Message, null),
            _ => (500, "Internal error", "WeGate failed to handle the request; the log has the details under this trace id.", (IDictionary<string, string[]>?)null),
        };
        if (status >= 500)
            logger.LogError(exception, "Unhandled error on {Method} {Path} (trace id {TraceId})", http.Request.Method, http.Request.Path,
                System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier);

        http.Response.StatusCode = status;
        if (exception is ApiProblemException { WwwAuthenticate: { } challenge })
            http.Response.Headers.WWWAuthenticate = challenge;
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null)
            details.Extensions["errors"] = errors;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details, Exception = exception });
    }
}
