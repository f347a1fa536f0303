using System.Text.Json;

namespace WeGate.Server.Tests.OidcFlow;

public static class CompactJwt
{
    // The claims of a compact JWS, unverified: for asserting what a token says.
    public static JsonElement Payload(string jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement.Clone();
    }
}
