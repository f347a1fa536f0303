using System.Security.Cryptography;
using WeGate.Core.Secrets;

namespace WeGate.Core.Tests;

public sealed class SecretProtectorTests
{
    private static byte[] Key() => RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_secret_round_trips_and_its_ciphertext_differs_every_time()
    {
        var p = new SecretProtector(Key());
        var a = p.Protect("app secret 密钥", "connection:default:wx");
        var b = p.Protect("app secret 密钥", "connection:default:wx");
        Assert.NotEqual(a, b);
        Assert.Equal("app secret 密钥", p.Unprotect(a, "connection:default:wx"));
    }

    [Fact]
    public void A_blob_read_for_another_purpose_or_altered_in_one_byte_does_not_decrypt()
    {
        var p = new SecretProtector(Key());
        var blob = p.Protect("secret", "connection:default:a");
        Assert.Throws<SecretUnreadableException>(() => p.Unprotect(blob, "connection:default:b"));
        for (var i = 0; i < blob.Length; i++)
        {
            var altered = (byte[])blob.Clone();
            altered[i] ^= 0x01;
            Assert.Throws<SecretUnreadableException>(() => p.Unprotect(altered, "connection:default:a"));
        }
        Assert.Throws<SecretUnreadableException>(() => p.Unprotect([1, 2, 3], "connection:default:a"));
    }

    [Fact]
    public void After_a_rotation_old_blobs_decrypt_with_the_previous_key_and_new_ones_use_the_current_key()
    {
        var oldKey = Key();
        var oldBlob = new SecretProtector(oldKey).Protect("old", "x");
        var rotated = new SecretProtector(Key(), [oldKey]);
        Assert.Equal("old", rotated.Unprotect(oldBlob, "x"));
        var newBlob = rotated.Protect("new", "x");
        var e = Assert.Throws<SecretUnreadableException>(() => new SecretProtector(oldKey).Unprotect(newBlob, "x"));
        Assert.Contains("PreviousMasterKeys", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("dG9vIHNob3J0")]
    public void A_malformed_master_key_is_refused_with_what_a_key_must_be(string key)
    {
        var e = Assert.Throws<FormatException>(() => SecretProtector.FromBase64(key));
        Assert.Contains("32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_hash_verifies_only_the_same_secret()
    {
        var secret = SecretHash.NewSecret("wgs_");
        var hash = SecretHash.Hash(secret);
        Assert.True(SecretHash.Verify(secret, hash));
        Assert.False(SecretHash.Verify(secret + "x", hash));
        Assert.False(SecretHash.Verify(secret, null));
        Assert.DoesNotContain(secret, hash, StringComparison.Ordinal);
    }
}
