using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WeGate.Core.Secrets;

namespace WeGate.Core.OneTimeCodes;

// How a one-time code is stored: HMAC-SHA256 under a key derived from the master key, over the code's
// row id and the code — "k<master key id>.<mac>". Six digits are only a million guesses, so a salted
// hash read from a leaked database would fall in a second; the keyed MAC is worthless without the
// master key, which never touches the database. The row id binds a hash to its row: copied onto
// another code's row it does not verify. Codes sent before a master-key rotation still verify while the
// old key is configured as a previous key.
public sealed class CodeHasher(SecretProtector keys)
{
    private const string Purpose = "one-time-codes";
    private readonly ConcurrentDictionary<uint, byte[]> _derived = new();

    public string Hash(string codeId, string code)
    {
        ArgumentNullException.ThrowIfNull(codeId);
        ArgumentNullException.ThrowIfNull(code);
        var (keyId, key) = keys.DeriveKey(Purpose);
        _derived.TryAdd(keyId, key);
        return "k" + keyId.ToString("x8", CultureInfo.InvariantCulture) + "." + SecretHash.Base64Url(Mac(key, codeId, code));
    }

    public bool Matches(string codeId, string code, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(codeId);
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(storedHash);
        if (storedHash.Length != 1 + 8 + 1 + 43 || storedHash[0] != 'k' || storedHash[9] != '.'
            || !uint.TryParse(storedHash.AsSpan(1, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var keyId))
        {
            return false;
        }
        var key = _derived.TryGetValue(keyId, out var known) ? known : keys.DeriveKey(keyId, Purpose);
        if (key is null)
            return false;
        _derived.TryAdd(keyId, key);
        var expected = Encoding.ASCII.GetBytes(SecretHash.Base64Url(Mac(key, codeId, code)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(storedHash[10..]));
    }

    private static byte[] Mac(byte[] key, string codeId, string code) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(codeId + "\n" + code));
}
