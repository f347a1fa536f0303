using Microsoft.AspNetCore.Http.Features;
using WeGate.Server.Errors;
using WeGate.Server.Oidc;

namespace WeGate.Server.Api;

// The one place WeGate reads form bodies. Before any endpoint runs, a form is parsed here; a body the
// form reader refuses (over FormOptions' 1024 fields, a broken multipart body, an unknown charset, too
// large) is answered 400 or 413 here, as OAuth error JSON on the OAuth endpoints (RFC 6749 §5.2) and
// as problem+json elsewhere, and logged without a stack trace. A request that is not a form gets a
// form feature whose read is refused the same way, so an endpoint that reads a form without checking
// the content type cannot fail with a 500.
public static class FormBodies
{
    public static void UseFormBodies(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint() is null || !HasBody(http.Request))
        {
            await next(http);
            return;
        }
        if (!http.Request.HasFormContentType)
            http.Features.Set<IFormFeature>(new NotAForm());
        try
        {
            if (http.Request.HasFormContentType)
                await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (Refusal(e) is { } refusal && !http.RequestAborted.IsCancellationRequested)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FormBodies))
                .LogInformation("Refused an unreadable form body on {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, refusal.Detail);
            await WriteAsync(http, refusal);
            return;
        }
        try
        {
            await next(http);
        }
        catch (NotAFormException e) when (!http.Response.HasStarted)
        {
            await WriteAsync(http, (WeGateErrors.BodyNotForm, StatusCodes.Status415UnsupportedMediaType, e.Message));
        }
    });

    private static bool HasBody(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method);

    private static (ErrorEntry Entry, int Status, string Detail)? Refusal(Exception e) => e switch
    {
        BadHttpRequestException { StatusCode: 413 } => (WeGateErrors.BodyTooLarge, 413, WeGateErrors.BodyTooLarge.Description),
        BadHttpRequestException b => (WeGateErrors.BodyUnreadable, b.StatusCode, "The request body cannot be read: " + b.Message),
        InvalidDataException or IOException or InvalidOperationException or ArgumentException =>
            (WeGateErrors.BodyUnreadable, 400, $"The form body cannot be read ({e.Message.TrimEnd('.')}); send a well-formed application/x-www-form-urlencoded body of at most 1024 fields."),
        _ => null,
    };

    private static async Task WriteAsync(HttpContext http, (ErrorEntry Entry, int Status, string Detail) refusal)
    {
        if (IsOAuthEndpoint(http.Request.Path))
        {
            await (refusal.Entry.Error(refusal.Detail) with { Status = refusal.Status }).ToJson(http).ExecuteAsync(http);
            return;
        }
        http.Response.StatusCode = refusal.Status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = refusal.Status, Title = "Bad request body", Detail = refusal.Detail },
        });
    }

    // /pools/{pool}/oauth2/… answers errors as RFC 6749 §5.2 JSON.
    private static bool IsOAuthEndpoint(PathString path) =>
        path.StartsWithSegments("/pools", out var rest) && rest.Value is { } r && r.IndexOf("/oauth2/", 1, StringComparison.Ordinal) > 0;

    private sealed class NotAFormException(string message) : Exception(message);

    private sealed class NotAForm : IFormFeature
    {
        private const string Message = "This endpoint takes a form: send the body as application/x-www-form-urlencoded.";
        public bool HasFormContentType => false;
        public IFormCollection? Form { get; set; }
        public IFormCollection ReadForm() => throw new NotAFormException(Message);
        public Task<IFormCollection> ReadFormAsync(CancellationToken cancellationToken) => throw new NotAFormException(Message);
    }
}
