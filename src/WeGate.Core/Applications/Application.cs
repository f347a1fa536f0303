namespace WeGate.Core.Applications;

// An OIDC client. Only a hash of the client secret is stored; the secret is shown once, at creation
// or rotation.
public sealed record Application
{
    public required string Pool { get; init; }
    public required string ClientId { get; init; }
    public required string DisplayName { get; init; }
    public required string Type { get; init; }
    public IReadOnlyList<string> RedirectUris { get; init; } = [];
    public IReadOnlyList<string> PostLogoutRedirectUris { get; init; } = [];
    public IReadOnlyList<string> Grants { get; init; } = [];
    public IReadOnlyList<string> Connections { get; init; } = [];

    // What the application may ask for with client_credentials, acting for itself: API scopes, and the
    // resources (RFC 8707) a token may be meant for. Nothing unless listed (docs/oidc.md#client-credentials).
    public IReadOnlyList<string> ApiScopes { get; init; } = [];
    public IReadOnlyList<string> Resources { get; init; } = [];
    public TokenLifetimes Lifetimes { get; init; } = TokenLifetimes.Default;
    public string SigningAlgorithm { get; init; } = "ES256";
    public Branding Branding { get; init; } = Branding.None;
    public bool Enabled { get; init; } = true;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsConfidential => ApplicationType.IsConfidential(Type);
}

// How the hosted pages look when this application sent the person there (docs/logins.md#branding): a
// logo shown above the title and the colour of buttons, tabs and the chosen code. Null keeps WeGate's own.
public sealed record Branding(string? LogoUri = null, string? PrimaryColor = null)
{
    public static readonly Branding None = new();
}

// RefreshTokenAbsoluteSeconds caps a grant's refresh tokens however often they slide (RFC 9700
// §4.14.2); null takes WeGate:Oidc:RefreshTokenAbsoluteSeconds.
public sealed record TokenLifetimes(int AccessTokenSeconds, int IdTokenSeconds, int RefreshTokenSeconds, int? RefreshTokenAbsoluteSeconds = null)
{
    public static readonly TokenLifetimes Default = new(3600, 3600, 30 * 24 * 3600);
}

public static class ApplicationType
{
    public const string Web = "web";                 // server-side, confidential
    public const string Spa = "spa";                 // browser, public + PKCE
    public const string Native = "native";           // mobile or desktop app, public + PKCE
    public const string MiniProgram = "miniprogram"; // WeChat mini program, public

    public static readonly IReadOnlyList<string> All = [Web, Spa, Native, MiniProgram];

    public static bool IsConfidential(string type) => type == Web;
}

public static class GrantType
{
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";
    public const string ClientCredentials = "client_credentials";
    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    public static readonly IReadOnlyList<string> All = [AuthorizationCode, RefreshToken, ClientCredentials, TokenExchange];
}

public static class SigningAlgorithm
{
    public const string ES256 = "ES256";
    public const string RS256 = "RS256";

    public static readonly IReadOnlyList<string> All = [ES256, RS256];
}
