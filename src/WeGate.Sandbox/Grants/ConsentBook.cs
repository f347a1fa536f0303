namespace WeGate.Sandbox.Grants;

// A snsapi_userinfo consent page waiting for the persona's tap (docs/wechat-contract.md#official-account-web-authorization).
internal sealed record PendingConsent(string Id, string AppId, string PersonaId, string RedirectUri, string Scope, string State, DateTimeOffset ExpiresAt);

// Each consent is decided once; a stale page issues nothing.
internal sealed class ConsentBook(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PendingConsent> _consents = new(StringComparer.Ordinal);

    public PendingConsent Add(string appId, string personaId, string redirectUri, string scope, string state, TimeSpan lifetime)
    {
        var consent = new PendingConsent(RandomText.UrlSafeOf(32), appId, personaId, redirectUri, scope, state, time.GetUtcNow() + lifetime);
        lock (_gate)
        {
            _consents[consent.Id] = consent;
        }

        return consent;
    }

    public PendingConsent? Take(string? id)
    {
        lock (_gate)
        {
            if (id is null || !_consents.Remove(id, out var consent))
            {
                return null;
            }

            return consent.ExpiresAt > time.GetUtcNow() ? consent : null;
        }
    }
}
