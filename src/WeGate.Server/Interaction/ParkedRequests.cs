using System.Security.Cryptography;
using System.Text.Json;
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
// ticket), and loads them again for every step of the interaction.
internal sealed class ParkedRequests(IAuthorizationRequestStore store, IApplicationStore apps, WeGateOptions options, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public const int MaxIdLength = 64;

    public async Task<string> ParkAsync(string pool, AuthorizationRequest request, CancellationToken ct)
    {
        var id = SecretHash.Base64Url(RandomNumberGenerator.GetBytes(24));
        await store.SaveAsync(id, pool, request.ClientId, JsonSerializer.Serialize(request, Json),
            clock.GetUtcNow().AddSeconds(options.Oidc.LoginRequestSeconds), ct);
        return id;
    }

    // Null when the id is unknown or expired, or its application is gone or disabled.
    public async Task<ParkedRequest?> LoadAsync(string pool, string? id, CancellationToken ct)
    {
        if (id is not { Length: > 0 and <= MaxIdLength })
            return null;
        var json = await store.GetAsync(pool, id, ct);
        var request = json is null ? null : JsonSerializer.Deserialize<AuthorizationRequest>(json, Json);
        var app = request is null ? null : await apps.GetAsync(pool, request.ClientId, ct);
        return app is { Enabled: true } ? new ParkedRequest(id, pool, request!, app) : null;
    }

    public Task EndAsync(ParkedRequest parked, CancellationToken ct) => store.DeleteAsync(parked.Id, ct);
}
