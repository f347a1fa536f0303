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
            return (null, OAuthError.InvalidRequest("Authenticate the client one way: either HTTP Basic or client_secret in the body, not both (RFC 6749 §2.3)"));
        if (hasBasic)
        {
            if (!TryParseBasic(header[6..].Trim(), out id, out secret))
                return (null, OAuthError.InvalidClient("The Authorization header is not valid HTTP Basic: base64 of form-urlencoded client_id:client_secret"));
            var formId = form["client_id"].ToString();
            if (formId.Length > 0 && formId != id)
                return (null, OAuthError.InvalidRequest("client_id in the body differs from the one in the Authorization header"));
            method = "client_secret_basic";
        }
        else
        {
            id = form["client_id"].ToString();
            secret = postedSecret.Length > 0 ? postedSecret : null;
            method = secret is null ? "none" : "client_secret_post";
        }
        if (string.IsNullOrEmpty(id) || id.Length > MaxCredentialLength || secret?.Length > MaxCredentialLength)
            return (null, OAuthError.InvalidClient("Identify the client: send client_id (and, for a confidential client, its secret)"));

        var app = await applications.GetAsync(pool, id, ct);
        if (app is null || !app.Enabled)
            return (null, Failure(hasBasic, "Unknown or disabled client"));
        if (app.IsConfidential)
        {
            if (secret is null)
                return (null, Failure(hasBasic, "This is a confidential client: authenticate with client_secret_basic or client_secret_post"));
            if (!SecretHash.Verify(secret, await applications.GetSecretHashAsync(pool, id, ct)))
                return (null, Failure(hasBasic, "Client authentication failed"));
        }
        else if (secret is not null)
        {
            return (null, Failure(hasBasic, "This is a public client: it has no secret; send only client_id and prove possession with PKCE"));
        }
        return (new AuthenticatedClient(app, method), null);
    }

    private static OAuthError Failure(bool basic, string description) => OAuthError.InvalidClient(description) with { Status = StatusCodes.Status401Unauthorized, LogDetail = basic ? "basic" : "post" };

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
