using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WeGate.Core.Applications;
using WeGate.Core.Authorization;
using WeGate.Core.Secrets;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Oidc.Keys;

namespace WeGate.Server.Oidc.Token;

// What a grant hands to the token issuer: whose tokens, under which grant, with which scope.
// Audiences are the resources (RFC 8707) the access token is for; without them its aud is the issuer.
public sealed record TokenRequestContext(
    string Pool, Application Client, string Subject, string GrantId, string Scope,
    string? UserId = null, string? SessionId = null, DateTimeOffset? AuthTime = null, string? Amr = null, string? Nonce = null)
{
    public IReadOnlyList<string> Audiences { get; init; } = [];
}

public sealed record TokenResponse(string AccessToken, int ExpiresIn, string Scope, string? IdToken, string? RefreshToken)
{
    // RFC 8693 §2.2.1: a token exchange says what it issued.
    public string? IssuedTokenType { get; init; }

    public IResult ToResult(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.CacheControl = "no-store";
        var body = new Dictionary<string, object> { ["access_token"] = AccessToken, ["token_type"] = "Bearer", ["expires_in"] = ExpiresIn, ["scope"] = Scope };
        if (IdToken is not null)
            body["id_token"] = IdToken;
        if (RefreshToken is not null)
            body["refresh_token"] = RefreshToken;
        if (IssuedTokenType is not null)
            body["issued_token_type"] = IssuedTokenType;
        return Results.Json(body);
    }
}

// Access tokens are JWTs in the RFC 9068 profile (typ at+jwt); ID tokens follow OIDC Core §2 with
// at_hash (§3.1.3.6). Both carry the grant id (gid), so revoking the grant revokes them.
internal sealed class TokenIssuer(ISigningKeys keys, Issuer issuer, IRefreshTokenStore refreshTokens, IGrantStore grants, TimeProvider clock, Hosting.WeGateOptions options)
{
    public const string AccessTokenType = "at+jwt";

    // newGrant, when the tokens start a grant: it is stored with its first refresh token, in one transaction.
    public async Task<TokenResponse> IssueAsync(TokenRequestContext c, bool withRefreshToken, CancellationToken ct, Grant? newGrant = null)
    {
        var now = clock.GetUtcNow();
        var iss = issuer.Of(c.Pool);
        var lifetimes = c.Client.Lifetimes;
        var accessToken = await keys.SignAsync(c.Pool, c.Client.SigningAlgorithm, AccessTokenType, Json(w =>
        {
            w.WriteString("iss", iss);
            w.WriteString("sub", c.Subject);
            if (c.Audiences.Count == 0)
                w.WriteString("aud", iss);
            else if (c.Audiences.Count == 1)
                w.WriteString("aud", c.Audiences[0]);
            else
            {
                w.WriteStartArray("aud");
                foreach (var audience in c.Audiences)
                    w.WriteStringValue(audience);
                w.WriteEndArray();
            }
            w.WriteString("client_id", c.Client.ClientId);
            w.WriteString("scope", c.Scope);
            w.WriteString("jti", SecretHash.Base64Url(RandomNumberGenerator.GetBytes(16)));
            w.WriteString("gid", c.GrantId);
            if (c.SessionId is not null)
                w.WriteString("sid", c.SessionId);
            if (c.AuthTime is { } authTime)
                w.WriteNumber("auth_time", authTime.ToUnixTimeSeconds());
            w.WriteNumber("iat", now.ToUnixTimeSeconds());
            w.WriteNumber("exp", now.AddSeconds(lifetimes.AccessTokenSeconds).ToUnixTimeSeconds());
        }), ct);

        string? idToken = null;
        if (c.UserId is not null && c.Scope.Split(' ').Contains(Scopes.OpenId, StringComparer.Ordinal))
        {
            idToken = await keys.SignAsync(c.Pool, c.Client.SigningAlgorithm, "JWT", Json(w =>
            {
                w.WriteString("iss", iss);
                w.WriteString("sub", c.Subject);
                w.WriteString("aud", c.Client.ClientId);
                w.WriteString("azp", c.Client.ClientId);
                w.WriteNumber("iat", now.ToUnixTimeSeconds());
                w.WriteNumber("exp", now.AddSeconds(lifetimes.IdTokenSeconds).ToUnixTimeSeconds());
                if (c.AuthTime is { } authTime)
                    w.WriteNumber("auth_time", authTime.ToUnixTimeSeconds());
                if (c.Nonce is not null)
                    w.WriteString("nonce", c.Nonce);
                if (c.Amr is not null)
                {
                    w.WriteStartArray("amr");
                    foreach (var method in c.Amr.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        w.WriteStringValue(method);
                    w.WriteEndArray();
                }
                if (c.SessionId is not null)
                    w.WriteString("sid", c.SessionId);
                w.WriteString("at_hash", AtHash(accessToken, c.Client.SigningAlgorithm));
            }), ct);
        }

        string? refreshToken = null;
        RefreshToken? stored = null;
        if (withRefreshToken && c.UserId is not null)
        {
            refreshToken = NewRefreshToken();
            stored = new RefreshToken(SecretHash.Hash(refreshToken), c.Pool, c.GrantId, c.Client.ClientId, c.UserId, c.SessionId,
                c.Scope, RefreshExpiry(c.Client, now));
        }
        if (newGrant is not null)
            await grants.CreateAsync(newGrant, stored, ct);
        else if (stored is not null)
            await refreshTokens.CreateAsync(stored, ct);
        return new TokenResponse(accessToken, lifetimes.AccessTokenSeconds, c.Scope, idToken, refreshToken);
    }

    // A refresh token slides by the application's refresh_token_seconds, but never past the end of its grant.
    public DateTimeOffset RefreshExpiry(Application client, DateTimeOffset grantCreated) =>
        RefreshToken.Expiry(clock.GetUtcNow(), client.Lifetimes, GrantEnd(client, grantCreated));

    // The absolute end of a grant's refresh tokens (docs/oidc.md#tokens).
    public DateTimeOffset GrantEnd(Application client, DateTimeOffset grantCreated) =>
        RefreshToken.GrantEnd(grantCreated, client.Lifetimes, options.Oidc.RefreshTokenAbsoluteSeconds);

    public static string NewRefreshToken() => SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32));

    // OIDC Core §3.1.3.6: base64url of the left half of the hash of the access token's ASCII bytes;
    // SHA-256 for both ES256 and RS256.
    public static string AtHash(string accessToken, string algorithm)
    {
        _ = algorithm;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes(accessToken), hash);
        return SecretHash.Base64Url(hash[..16]);
    }

    private static ReadOnlyMemory<byte> Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
