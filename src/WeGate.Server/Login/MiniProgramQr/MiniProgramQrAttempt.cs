using WeGate.Core.Audit;
using WeGate.Server.Errors;
using WeGate.Server.Oidc;

namespace WeGate.Server.Login.MiniProgramQr;

// One call of the mini program, and what is known of it so far (which connection, which application),
// so that a refusal answers with what to do and leaves an audit event naming what was refused and why.
// The reason never carries a code, a ticket's secret or a phone number.
internal sealed class MiniProgramQrAttempt(string pool, HttpContext http)
{
    private OAuthError? _error;
    private string _reason = "";

    public string Pool => pool;

    public HttpContext Http => http;

    public string? Slug { get; set; }

    public string? ClientId { get; set; }

    // Records the refusal for RefusalAsync; returns null so a lookup can end with it.
    public T? Refuse<T>(OAuthError error, string reason) where T : class
    {
        (_error, _reason) = (error, reason);
        return null;
    }

    public Task<IResult> RefuseAsync(OAuthError error, string reason)
    {
        (_error, _reason) = (error, reason);
        return RefusalAsync();
    }

    public async Task<IResult> RefusalAsync()
    {
        var error = _error ?? throw new InvalidOperationException("Nothing was refused");
        await http.RequestServices.GetRequiredService<IAuditLog>().WriteAsync(new AuditEvent
        {
            Pool = pool, Type = LoginEventType.Failed, Outcome = AuditOutcome.Failure, ConnectionSlug = Slug, ClientId = ClientId, Reason = _reason,
            Ip = http.Connection.RemoteIpAddress?.ToString(), UserAgent = http.Request.Headers.UserAgent.ToString(),
        }, CancellationToken.None);
        return error.ToJson(http);
    }
}
