using System.Text;
using WeGate.Core.Applications;
using WeGate.Core.Secrets;
using WeGate.Server.Errors;

namespace WeGate.Server.Oidc.Clients;

public sealed record AuthenticatedClient(Application Application, string Method);

// RFC 6749 §2.3: client_secret_basic (credentials form-urlencoded, then base64), client_secret_post,
// and "none" for public clients, which identify themselves by client_id and prove the rest with PKCE.
internal sealed class ClientAuthentication(IApplicationStore applications)
{
    public const int MaxCredentialLength = 256;

    public async Task<(AuthenticatedClient? Client, OAuthError? Error)> AuthenticateAsync(string pool, HttpRequest request, IFormCollection form, CancellationToken ct)
    {
        string? id = null, secret = null, method;
        var header = request.Headers.Authorization.ToString();
        var hasBasic = header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);
        var postedSecret = form["client_secret"].ToString();
        if (hasBasic && postedSecret.Length > 0)
            return (null, WeGateErrors.ClientAuthenticatedTwice.Error());
        if (hasBasic)
        {
            if (!TryParseBasic(header[6..].Trim(), out id, out secret))
                return (null, WeGateErrors.BasicHeaderMalformed.Error() with { Challenge = BasicChallenge });
            var formId = form["client_id"].ToString();
            if (formId.Length > 0 && formId != id)
                return (null, WeGateErrors.ClientIdMismatch.Error());
            method = "client_secret_basic";
        }
        else
        {
            id = form["client_id"].ToString();
            secret = postedSecret.Length > 0 ? postedSecret : null;
            method = secret is null ? "none" : "client_secret_post";
        }
        if (string.IsNullOrEmpty(id) || id.Length > MaxCredentialLength || secret?.Length > MaxCredentialLength)
            return (null, WeGateErrors.ClientNotIdentified.Error());

        var app = await applications.GetAsync(pool, id, ct);
        if (app is null || !app.Enabled)
            return (null, Failure(hasBasic, WeGateErrors.UnknownClient, app is null ? $"no client {id}" : $"client {id} is disabled"));
        if (app.IsConfidential)
        {
            if (secret is null)
                return (null, Failure(hasBasic, WeGateErrors.ClientSecretRequired, $"client {id} sent no secret"));
            if (!SecretHash.Verify(secret, await applications.GetSecretHashAsync(pool, id, ct)))
                return (null, Failure(hasBasic, WeGateErrors.ClientAuthenticationFailed, $"client {id} sent a wrong secret"));
        }
        else if (secret is not null)
        {
            return (null, Failure(hasBasic, WeGateErrors.PublicClientSentSecret, $"public client {id} sent a secret"));
        }
        return (new AuthenticatedClient(app, method), null);
    }

    // RFC 6749 §5.2: a client that authenticated with HTTP Basic gets the Basic challenge back.
    private const string BasicChallenge = "Basic realm=\"wegate\"";

    private static OAuthError Failure(bool basic, ErrorEntry entry, string detail) =>
        entry.Error() with { Challenge = basic ? BasicChallenge : null, LogDetail = detail };

    private static bool TryParseBasic(string encoded, out string? id, out string? secret)
    {
        id = secret = null;
        if (encoded.Length > MaxCredentialLength * 3)
            return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            return false;
        id = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
        secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
        return true;
    }
}
