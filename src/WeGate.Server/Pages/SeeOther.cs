namespace WeGate.Server.Pages;

// RFC 9700 §4.12: 303, so the browser follows with GET and never re-posts a form.
public sealed class SeeOther(string location) : IResult
{
    public string Location { get; } = location;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        httpContext.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
