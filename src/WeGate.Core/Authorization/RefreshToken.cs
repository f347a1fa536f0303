using WeGate.Core.Applications;

namespace WeGate.Core.Authorization;

// GrantId is the token's family: every token that rotation issues from one sign-in shares it.
public sealed record RefreshToken(string TokenHash, string Pool, string GrantId, string ClientId, string UserId, string? SessionId, string Scope, DateTimeOffset ExpiresAt)
{
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

    // Each rotation gives the new token the application's refresh_token_seconds again, but never past
    // the end of its grant (docs/oidc.md#tokens).
    public static DateTimeOffset Expiry(DateTimeOffset now, TokenLifetimes lifetimes, DateTimeOffset grantEnd)
    {
        ArgumentNullException.ThrowIfNull(lifetimes);
        var sliding = now.AddSeconds(lifetimes.RefreshTokenSeconds);
        return sliding < grantEnd ? sliding : grantEnd;
    }

    // However often they rotate, a grant's refresh tokens end this long after the sign-in that made it
    // (RFC 9700 §4.14.2): the application's own absolute lifetime, else the server's default.
    public static DateTimeOffset GrantEnd(DateTimeOffset grantCreated, TokenLifetimes lifetimes, int defaultAbsoluteSeconds)
    {
        ArgumentNullException.ThrowIfNull(lifetimes);
        return grantCreated.AddSeconds(lifetimes.RefreshTokenAbsoluteSeconds ?? defaultAbsoluteSeconds);
    }

    // RFC 6749 §6: a refresh may ask for less than was granted, never more. The narrowed scope, or null
    // when the request asks for a scope the grant lacks.
    public static string? NarrowScope(string granted, string requested)
    {
        ArgumentNullException.ThrowIfNull(granted);
        ArgumentNullException.ThrowIfNull(requested);
        if (requested.Length == 0)
            return granted;
        var asked = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return asked.All(s => granted.Split(' ').Contains(s, StringComparer.Ordinal))
            ? string.Join(' ', asked.Distinct(StringComparer.Ordinal))
            : null;
    }
}

public abstract record RefreshRotation
{
    public sealed record Rotated(RefreshToken Old) : RefreshRotation;
    // A rotated (already used) token came back: RFC 9700 §4.14.2 — the family is revoked.
    public sealed record Reused(string GrantId) : RefreshRotation;
    public sealed record Invalid : RefreshRotation;

    // A token that did not rotate now. One rotated before is reuse — even once it has expired or its
    // grant was revoked, since a copy may still be in an attacker's hands; anything else is invalid.
    public static RefreshRotation Refused(DateTimeOffset? rotatedAt, string grantId) =>
        rotatedAt is null ? new Invalid() : new Reused(grantId);
}
