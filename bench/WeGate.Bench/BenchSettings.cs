using System.Globalization;
using System.Text.RegularExpressions;

namespace WeGate.Bench;

// What one run does, checked before anything is sent: whole logins of one flow, by a fixed number of
// virtual users, until a deadline or a count, against a WeGate on this machine only. With a Mode
// (`wegate-bench oidc`), the operation is one of OidcOperation.Modes against any provider's issuer, and
// Flow is 0.
internal sealed partial record BenchSettings(Uri Url, int Flow, int Users, TimeSpan Duration, int? Logins, int Warmup, TimeSpan Timeout, bool Json,
    string? Mode = null)
{
    public const int MaxUsers = 256;

    // The sandbox's control API lists the newest 50 official-account QR codes (Scannables.MaxTickets),
    // which is how a virtual user finds its own; with more users than that, or slow login pages, it
    // falls off the list before it is scanned.
    public const int MaxFollowUsers = 40;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    // Null when the settings are usable; otherwise what is wrong, for the person who typed them.
    public string? Problem()
    {
        if (Url.Scheme is not ("http" or "https") || (Mode is null && Url.AbsolutePath != "/") || Url.Query.Length > 0)
            return Mode is null ? $"--url must be a WeGate base address like http://127.0.0.1:5080, not {Url}" : $"--issuer must be an issuer like http://127.0.0.1:5080/pools/default, not {Url}";
        // Load is only ever put on this machine (workplace rule): no other address, whatever it resolves to.
        if (!Url.IsLoopback)
            return $"--url must be a loopback address (127.0.0.1, [::1] or localhost); {Url.Host} is not. The bench does not load other machines.";
        if (Mode is not null && !Oidc.OidcOperation.Modes.Contains(Mode))
            return $"--mode is one of {string.Join(", ", Oidc.OidcOperation.Modes)}";
        if (Mode is null && Flow is not (1 or 5))
            return "--flow is 5 (mini program: wx.login code → token exchange) or 1 (follow official account: login page → scan → tokens)";
        var maxUsers = Flow == 1 ? MaxFollowUsers : MaxUsers;
        if (Users < 1 || Users > maxUsers)
            return $"--users must be between 1 and {maxUsers} for flow {Flow}";
        if (Duration <= TimeSpan.Zero || Duration > MaxDuration)
            return $"--duration must be more than 0 and at most {MaxDuration.TotalMinutes:0} minutes";
        if (Logins is < 1)
            return "--logins must be at least 1";
        if (Warmup is < 0 or > 100)
            return "--warmup must be between 0 and 100 logins per user";
        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(5))
            return "--timeout must be between 1 s and 5 minutes";
        return null;
    }

    // "20s", "1.5m", "500ms" or plain seconds ("20").
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        var match = DurationPattern().Match(text?.Trim() ?? "");
        if (!match.Success)
            return false;
        var value = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        duration = match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromSeconds(value),
        };
        return true;
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>ms|s|m)?$")]
    private static partial Regex DurationPattern();
}
