using WeGate.Core.Users;
using WeGate.Storage;

namespace WeGate.Server.Hosting;

// The "WeGate" configuration section. Every value can also come from the environment as
// WEGATE__SECTION__KEY (e.g. WEGATE__DATABASE__PROVIDER=postgres).
public sealed class WeGateOptions
{
    public const string Section = "WeGate";

    // Where the Development defaults live: the SQLite file and the generated master key.
    public string DataDirectory { get; set; } = "data";

    public DatabaseOptions Database { get; set; } = new();

    // Base64 of 32 random bytes (`openssl rand -base64 32`): encrypts secrets at rest. Required in Production.
    public string? MasterKey { get; set; }

    // Keys a rotation retired: still used to decrypt, never to encrypt.
    public List<string> PreviousMasterKeys { get; set; } = [];

    public AdminOptions Admin { get; set; } = new();

    public SandboxSettings Sandbox { get; set; } = new();

    // The address applications and browsers use to reach WeGate, e.g. https://id.example.com. Issuers
    // are {PublicUrl}/pools/{pool}. Unset: the first address WeGate listens on (fine for development).
    public string? PublicUrl { get; set; }

    public OidcSettings Oidc { get; set; } = new();

    // The proxies whose X-Forwarded-For and X-Forwarded-Proto WeGate believes (TransportSecurity).
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    // Strict-Transport-Security max-age on https answers; 0 sends none.
    public int HstsSeconds { get; set; } = 365 * 24 * 3600;

    // The demo of Development: sandbox apps and personas, a connection of each type in the pool
    // `default`, the demo application at /demo and the start page at /. Default: on when the sandbox
    // is mounted in Development.
    public bool? Demo { get; set; }

    public WeChatSettings WeChat { get; set; } = new();

    // Pools, connections and applications declared here are created or updated at start (docs/configuration.md).
    public Dictionary<string, DeclaredPool> Pools { get; set; } = [];
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    // Defaults to a SQLite file in DataDirectory.
    public string? ConnectionString { get; set; }

    public bool MigrateOnStart { get; set; } = true;

    // How long a node keeps a pool, a connection, an application and its secret hash it read (0: not at all). A change
    // made through another node reaches this one within that time (docs/configuration.md#settings).
    public int CacheSeconds { get; set; } = 5;
}

public sealed class OidcSettings
{
    // RFC 9700 §4.5 / OAuth 2.1: codes are short-lived.
    public int AuthorizationCodeSeconds { get; set; } = 60;

    // How long a person may take on the login page.
    public int LoginRequestSeconds { get; set; } = 900;

    public int SessionHours { get; set; } = 7 * 24;

    // However often its refresh tokens rotate, a grant ends this long after the sign-in that made it
    // (RFC 9700 §4.14.2), unless its application sets lifetimes.refresh_token_absolute_seconds. 90 days.
    public int RefreshTokenAbsoluteSeconds { get; set; } = 90 * 24 * 3600;

    // Password sign-in: failures a login name may make before it must wait; the first wait, doubled at
    // each further failure up to PasswordLockoutMinutes; and how long after the last failure the count
    // is forgotten (docs/security.md#password-sign-in).
    public int PasswordMaxAttempts { get; set; } = LoginThrottlePolicy.Default.FreeFailures;

    public int PasswordDelaySeconds { get; set; } = (int)LoginThrottlePolicy.Default.FirstWait.TotalSeconds;

    public int PasswordLockoutMinutes { get; set; } = (int)LoginThrottlePolicy.Default.LongestWait.TotalMinutes;

    public int PasswordFailureWindowHours { get; set; } = (int)LoginThrottlePolicy.Default.ForgetAfter.TotalHours;

    public LoginThrottlePolicy PasswordThrottle() => new(PasswordMaxAttempts, TimeSpan.FromSeconds(PasswordDelaySeconds),
        TimeSpan.FromMinutes(PasswordLockoutMinutes), TimeSpan.FromHours(PasswordFailureWindowHours));

    // Each value with its allowed range; WeGateOptionsValidation refuses to start outside it, naming the setting.
    public IEnumerable<(string Setting, int Value, int Min, int Max)> Ranges() =>
    [
        ("AuthorizationCodeSeconds", AuthorizationCodeSeconds, 1, 600),
        ("LoginRequestSeconds", LoginRequestSeconds, 60, 24 * 3600),
        ("SessionHours", SessionHours, 1, 365 * 24),
        ("RefreshTokenAbsoluteSeconds", RefreshTokenAbsoluteSeconds, 60, Core.Applications.ApplicationRules.MaxLifetimeSeconds),
        ("PasswordMaxAttempts", PasswordMaxAttempts, 1, 100),
        ("PasswordDelaySeconds", PasswordDelaySeconds, 1, 3600),
        ("PasswordLockoutMinutes", PasswordLockoutMinutes, 1, 24 * 60),
        ("PasswordFailureWindowHours", PasswordFailureWindowHours, 1, 30 * 24),
        ("RateLimits:PerIpPerMinute", RateLimits.PerIpPerMinute, 1, int.MaxValue),
        ("RateLimits:PerClientPerMinute", RateLimits.PerClientPerMinute, 1, int.MaxValue),
    ];

    public OidcRateLimitSettings RateLimits { get; set; } = new();
}

public sealed class OidcRateLimitSettings
{
    // Requests a minute from one IP address to the authorization, login and token endpoints.
    public int PerIpPerMinute { get; set; } = 600;

    // Token requests a minute from one authenticated client.
    public int PerClientPerMinute { get; set; } = 1200;
}

// The WeChat simulator mounted inside WeGate (docs/sandbox.md).
public sealed class SandboxSettings
{
    // Default: on in Development, off elsewhere.
    public bool? Enabled { get; set; }

    // Production refuses to start with the sandbox mounted unless this is set, because it lets anyone
    // mint WeChat identities.
    public bool AllowInProduction { get; set; }

    public string Prefix { get; set; } = "/sandbox";
}

// Where WeGate's WeChat client sends its requests. Unset: real WeChat, or the mounted sandbox when it is on.
public sealed class WeChatSettings
{
    public string? ApiBaseUrl { get; set; }
    public string? OpenBaseUrl { get; set; }
    public string? MpBaseUrl { get; set; }
    public int TimeoutSeconds { get; set; } = 10;
}

public sealed class AdminOptions
{
    // An admin API key given by the operator (at least 32 characters). In Production WeGate refuses to
    // start with no admin key at all, configured or created by `wegate admin-key create`.
    public string? ApiKey { get; set; }

    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    // Admin API requests a minute from one IP address, valid key or not.
    public int RequestsPerMinute { get; set; } = 1200;
}
