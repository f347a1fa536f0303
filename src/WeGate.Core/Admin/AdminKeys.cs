using System.Security.Cryptography;
using WeGate.Core.Secrets;

namespace WeGate.Core.Admin;

public static class AdminKeys
{
    public const string Prefix = "wgk_";

    public static (string Id, string Key) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return (id, Prefix + id + "_" + SecretHash.Base64Url(RandomNumberGenerator.GetBytes(32)));
    }

    // Returns the key id when the presented key has the right shape; it is not yet verified.
    public static string? ParseId(string? presented)
    {
        if (presented is null || presented.Length > 200 || !presented.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var rest = presented.AsSpan(Prefix.Length);
        var sep = rest.IndexOf('_');
        return sep == 12 ? rest[..sep].ToString() : null;
    }
}
