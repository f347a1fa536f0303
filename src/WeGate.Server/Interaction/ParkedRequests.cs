using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using WeGate.Core.Applications;
using WeGate.Core.Secrets;
using WeGate.Server.Hosting;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Pages;
using WeGate.Core.Authorization;

namespace WeGate.Server.Interaction;

// An authorization request waiting while the person signs in or takes the account step. Login flows
// read the few things they need from it (its client, language and login hint); only the interaction
// turns it into a code.
internal sealed record ParkedRequest(string Id, string Pool, AuthorizationRequest Request, Application Application)
{
    public string ClientId => Request.ClientId;
    public string? UiLocales => Request.UiLocales;
    public string? LoginHint => Request.LoginHint;

    // The login page's language switch puts ui_locales in its own URL (and its form's): the person's
    // choice wins over the application's.
    public Texts Texts(HttpRequest http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Pages.Texts.For(http.Query[LoginPageUrls.Language] is { Count: > 0 } chosen ? chosen.ToString() : UiLocales, http);
    }
}

// Parks validated requests under a random id that travels in the login page's URL (and on a login
// ticket), and loads them again for every step of the interaction. A parked request never changes, so
// this node keeps the ones it parked or read (at most MaxRemembered, until they expire or end) and reads
// the database only for the others. Another node's copy may outlive the request's end; ending it is what
// counts, and that happens once, in the database (ISignInCompletionStore).
internal sealed class ParkedRequests(IAuthorizationRequestStore store, IApplicationStore apps, WeGateOptions options, TimeProvider clock) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public const int MaxIdLength = 64;
    private const int MaxRemembered = 10_000;
    private readonly MemoryCache _remembered = new(new MemoryCacheOptions { SizeLimit = MaxRemembered, Clock = new CacheClock(clock) });

    public async Task<string> ParkAsync(string pool, AuthorizationRequest request, CancellationToken ct)
    {
        var id = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(24));
        var expires = clock.GetUtcNow().AddSeconds(options.Oidc.LoginRequestSeconds);
        await store.SaveAsync(id, pool, request.ClientId, JsonSerializer.Serialize(request, Json), expires, ct);
        Remember(pool, id, request, expires);
        return id;
    }

    // Null when the id is unknown or expired, or its application is gone or disabled.
    public async Task<ParkedRequest?> LoadAsync(string pool, string? id, CancellationToken ct)
    {
        if (id is not { Length: > 0 and <= MaxIdLength } || PushedRequests.IsPushedId(id))
            return null;
        if (!_remembered.TryGetValue((pool, id), out AuthorizationRequest? request))
        {
            var stored = await store.GetAsync(pool, id, ct);
            request = stored is null ? null : JsonSerializer.Deserialize<AuthorizationRequest>(stored.Json, Json);
            if (request is not null)
                Remember(pool, id, request, stored!.ExpiresAt);
        }
        var app = request is null ? null : await apps.GetAsync(pool, request.ClientId, ct);
        return app is { Enabled: true } ? new ParkedRequest(id, pool, request!, app) : null;
    }

    // The request has ended (or failed to, having ended elsewhere): this node forgets it.
    public void Forget(ParkedRequest parked)
    {
        ArgumentNullException.ThrowIfNull(parked);
        Forget(parked.Pool, parked.Id);
    }

    public void Dispose() => _remembered.Dispose();

    // Forgets a request this node may hold, by its id.
    public void Forget(string pool, string id) => _remembered.Remove((pool, id));

    private void Remember(string pool, string id, AuthorizationRequest request, DateTimeOffset expires) =>
        _remembered.Set((pool, id), request, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires });

    private sealed class CacheClock(TimeProvider clock) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
}
