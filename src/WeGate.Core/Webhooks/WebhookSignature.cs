using System.Security.Cryptography;
using System.Text;

namespace WeGate.Core.Webhooks;

// Standard Webhooks signing (https://www.standardwebhooks.com, "Signature scheme"): the secret is
// "whsec_" + base64 of 32 random bytes; the signature is "v1," + base64(HMAC-SHA256(secret bytes,
// "{webhook-id}.{webhook-timestamp}.{body}")).
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";
    private const int SecretBytes = 32;

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
