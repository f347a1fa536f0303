using System.Security.Cryptography;
using System.Text;

namespace WeGate.Core.Secrets;

// Client secrets and admin API keys are 256-bit random values that WeGate generates, so a plain
// SHA-256 is enough to store them (no password stretching needed); comparison is constant-time.
public static class SecretHash
{
    public static string NewSecret(string prefix) =>
        prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Verify(string secret, string? storedHash)
    {
        if (storedHash is null)
            return false;
        var computed = Encoding.ASCII.GetBytes(Hash(secret));
        return CryptographicOperations.FixedTimeEquals(computed, Encoding.ASCII.GetBytes(storedHash));
    }

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
