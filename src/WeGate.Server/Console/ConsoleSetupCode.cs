using System.Security.Cryptography;
using System.Text;
using WeGate.Core.Admin;
using WeGate.Core.Secrets;

namespace WeGate.Server.Console;

// The code the set-up page asks for (docs/console.md#the-first-administrator), logged at start while no
// administrator exists. It is the same on every node, since every node has the master key, and unknown
// to anyone without the master key or the log: an HMAC of a fixed label under a key derived from the
// master key, 64 bits written as 16 hex digits. The set-up page is rate-limited per IP address.
internal sealed class ConsoleSetupCode(SecretProtector protector, IAdministratorStore administrators, ILogger<ConsoleSetupCode> logger)
{
    public async Task<string?> AnnounceAsync(CancellationToken ct)
    {
        if (await administrators.AnyAsync(ct))
            return null;
        var code = Value();
        logger.LogWarning("No console administrator exists. Open /console/setup and enter the set-up code {SetupCode}, or run `wegate admin create --email <you>`.",
            code);
        return code;
    }

    public string Value()
    {
        var (_, key) = protector.DeriveKey("console-setup");
        var text = Convert.ToHexString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes("WeGate console set-up code")), 0, 8);
        return string.Join('-', Enumerable.Range(0, 4).Select(i => text.Substring(i * 4, 4)));
    }

    // Case and separators do not matter.
    public bool Matches(string? presented)
    {
        var typed = new string((presented ?? "").Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(typed), Encoding.ASCII.GetBytes(Value().Replace("-", "", StringComparison.Ordinal)));
    }
}
