using System.Security.Cryptography;
using WeGate.Core.OneTimeCodes;
using WeGate.Core.Secrets;

namespace WeGate.Core.Tests;

public sealed class CodeHasherTests
{
    private static byte[] Key() => RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_code_matches_its_own_row_only_and_the_stored_hash_does_not_contain_it()
    {
        var hasher = new CodeHasher(new SecretProtector(Key()));
        var stored = hasher.Hash("row-1", "048213");

        Assert.DoesNotContain("048213", stored, StringComparison.Ordinal);
        Assert.True(hasher.Matches("row-1", "048213", stored));
        Assert.False(hasher.Matches("row-1", "048214", stored));
        // Copied onto another code's row, the hash proves nothing.
        Assert.False(hasher.Matches("row-2", "048213", stored));
        Assert.False(hasher.Matches("row-1", "048213", stored[..^1] + (stored[^1] == 'A' ? 'B' : 'A')));
        Assert.False(hasher.Matches("row-1", "048213", "not-a-hash"));
    }

    [Fact]
    public void Without_the_master_key_every_guess_fails_and_after_a_rotation_the_previous_key_still_verifies()
    {
        var oldKey = Key();
        var stored = new CodeHasher(new SecretProtector(oldKey)).Hash("row-1", "123456");

        // A leaked database alone: another master key cannot confirm even the right code.
        Assert.False(new CodeHasher(new SecretProtector(Key())).Matches("row-1", "123456", stored));
        var rotated = new CodeHasher(new SecretProtector(Key(), [oldKey]));
        Assert.True(rotated.Matches("row-1", "123456", stored));
        Assert.NotEqual(stored[..9], rotated.Hash("row-1", "123456")[..9]);
    }
}
