using WeGate.Core.Pools;
using WeGate.Server.Errors;
using WeGate.Server.Oidc.RateLimits;

namespace WeGate.Server.Oidc.Clients;

// What the token and pushed authorization request endpoints need first (RFC 6749 §3.2, RFC 9126 §2.1): a
// form, of a pool that exists, with each parameter once, from an authenticated client within its rate.
internal sealed record ClientRequest(IFormCollection Form, AuthenticatedClient Client)
{
    public Core.Applications.Application Application => Client.Application;
}

internal sealed class ClientRequests(IPoolStore pools, ClientAuthentication clients, ClientRateLimiter limiter)
{
    // The request, or the error to answer instead.
    public async Task<(ClientRequest? Request, IResult? Error)> ReadAsync(string pool, HttpContext http, ErrorEntry notForm, string rfc,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(notForm);
        if (!http.Request.HasFormContentType)
            return Fail(notForm.Error().ToJson(http));
        if (await pools.GetAsync(pool, ct) is null)
            return Fail(WeGateErrors.UnknownPool.Error($"There is no pool '{pool}'").ToJson(http));
        var form = await http.Request.ReadFormAsync(ct);
        foreach (var (name, values) in form)
        {
            if (values.Count > 1)
                return Fail(WeGateErrors.ParameterRepeated.Error($"{name} is repeated; send each parameter once ({rfc})").ToJson(http));
        }
        var (client, clientError) = await clients.AuthenticateAsync(pool, http.Request, form, ct);
        if (client is null)
            return Fail(clientError!.ToJson(http));
        if (limiter.TryAcquire(pool, client.Application, http.Connection.RemoteIpAddress?.ToString()) is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter;
            return Fail(WeGateErrors.TokenRateLimited.Error().ToJson(http));
        }
        return (new ClientRequest(form, client), null);
    }

    private static (ClientRequest?, IResult?) Fail(IResult error) => (null, error);
}
