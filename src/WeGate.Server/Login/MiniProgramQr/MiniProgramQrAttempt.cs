using WeGate.Core.Audit;
using WeGate.Server.Api;
using WeGate.Server.Errors;

namespace WeGate.Server.Login.MiniProgramQr;

// One call of the mini program, and what is known of it so far (which connection, which application),
// so that a refusal answers with what to do and leaves an audit event naming the error's id and why.
// The reason never carries a code, a ticket's secret or a phone number.
internal sealed class MiniProgramQrAttempt(string pool, HttpContext http, IAuditLog audit)
{
    public string Pool => pool;

    public string? Slug { get; set; }

    public string? ClientId { get; set; }

    public async Task<IResult> RefuseAsync(OAuthError error)
    {
        await audit.WriteAsync(AuditEvents.From(http, pool, LoginEventType.Failed, AuditOutcome.Failure) with
        {
            ConnectionSlug = Slug, ClientId = ClientId, Reason = $"mp-qr {error.Id}: {error.LogDetail ?? error.Description}",
        }, CancellationToken.None);
        return error.ToJson(http);
    }
}
