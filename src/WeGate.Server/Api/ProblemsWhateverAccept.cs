namespace WeGate.Server.Api;

// Every error leaves as problem+json whatever the request's Accept says: RFC 9110 §12.1 lets a server
// disregard Accept rather than answer 406. ASP.NET Core's writer declines a request whose Accept names
// no JSON type (`Accept: text/html`), and the error itself then became a 500 with a stack trace.
internal sealed class ProblemsWhateverAccept(IProblemDetailsService inner) : IProblemDetailsService
{
    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        if (!await TryWriteAsync(context))
            await inner.WriteAsync(context);
    }

    public async ValueTask<bool> TryWriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await inner.TryWriteAsync(context))
            return true;
        var headers = context.HttpContext.Request.Headers;
        var accept = headers.Accept;
        headers.Accept = "application/problem+json";
        try
        {
            return await inner.TryWriteAsync(context);
        }
        finally
        {
            headers.Accept = accept;
        }
    }

    // Wraps the service AddProblemDetails registered.
    public static void Add(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IProblemDetailsService));
        services.Remove(registered);
        services.AddSingleton<IProblemDetailsService>(sp => new ProblemsWhateverAccept(
            (IProblemDetailsService)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
    }
}
