using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WeGate.Core.Secrets;

// AES-256-GCM for secrets at rest (docs/operations.md#secrets-at-rest). Layout: version(1) ‖ key id(4) ‖ nonce(12) ‖ tag(16) ‖
// ciphertext. The purpose string (e.g. "connection:default:wx-login") is bound as associated data, so a
// blob copied into another row does not decrypt. Old master keys stay usable for decryption while an
// operator rotates.
public sealed class SecretProtector
{
    public const int KeySize = 32;
    private const byte Version = 1;
    private const int HeaderSize = 1 + 4 + 12 + 16;

    private readonly byte[] _current;
    private readonly uint _currentId;
    private readonly Dictionary<uint, byte[]> _keys = [];

    public SecretProtector(byte[] currentKey, IEnumerable<byte[]>? previousKeys = null)
    {
        ArgumentNullException.ThrowIfNull(currentKey);
        if (currentKey.Length != KeySize)
            throw new ArgumentException($"The master key must be {KeySize} bytes", nameof(currentKey));
        _current = currentKey;
        _currentId = KeyId(currentKey);
        _keys[_currentId] = currentKey;
        foreach (var k in previousKeys ?? [])
        {
            if (k.Length != KeySize)
                throw new ArgumentException($"Every previous master key must be {KeySize} bytes", nameof(previousKeys));
            _keys.TryAdd(KeyId(k), k);
        }
    }

    public static SecretProtector FromBase64(string currentKey, IEnumerable<string>? previousKeys = null) =>
        new(ParseKey(currentKey), previousKeys?.Select(ParseKey));

    public static byte[] ParseKey(string base64)
    {
        byte[] key;
        try { key = Convert.FromBase64String(base64.Trim()); }
        catch (FormatException) { throw new FormatException("A master key must be base64 (32 random bytes, e.g. `openssl rand -base64 32`)"); }
        if (key.Length != KeySize)
            throw new FormatException($"A master key must decode to {KeySize} bytes; this one has {key.Length}");
        return key;
    }

    public static string NewKeyBase64() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize));

    public byte[] Protect(string plaintext, string purpose)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[HeaderSize + data.Length];
        output[0] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(1, 4), _currentId);
        var nonce = output.AsSpan(5, 12);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(_current, 16);
        gcm.Encrypt(nonce, data, output.AsSpan(HeaderSize), output.AsSpan(17, 16), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    public string Unprotect(byte[] blob, string purpose)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.Length < HeaderSize || blob[0] != Version)
            throw new SecretUnreadableException("the stored value is not a WeGate secret blob");
        var id = BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(1, 4));
        if (!_keys.TryGetValue(id, out var key))
            throw new SecretUnreadableException("it was encrypted under a master key that is not configured (add it to WeGate:PreviousMasterKeys)");
        var plain = new byte[blob.Length - HeaderSize];
        try
        {
            using var gcm = new AesGcm(key, 16);
            gcm.Decrypt(blob.AsSpan(5, 12), blob.AsSpan(HeaderSize), blob.AsSpan(17, 16), plain, Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretUnreadableException("it was altered, or belongs to another record");
        }
        return Encoding.UTF8.GetString(plain);
    }

    // A 256-bit key for one purpose (e.g. "one-time-codes"), derived from the current master key with
    // HKDF-SHA256 (RFC 5869); KeyId names the master key, for DeriveKey(keyId, …) after a rotation.
    public (uint KeyId, byte[] Key) DeriveKey(string purpose) => (_currentId, Derive(_current, purpose));

    // The same key derived from the master key with this id, if it is configured (current or previous).
    public byte[]? DeriveKey(uint keyId, string purpose) => _keys.TryGetValue(keyId, out var key) ? Derive(key, purpose) : null;

    private static byte[] Derive(byte[] master, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, master, KeySize, info: Encoding.UTF8.GetBytes("WeGate " + purpose));

    private static uint KeyId(byte[] key) => BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(key));
}

public sealed class SecretUnreadableException(string reason)
    : Exception("A stored secret cannot be decrypted: " + reason);
