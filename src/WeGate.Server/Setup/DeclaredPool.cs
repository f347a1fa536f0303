using WeGate.Core.Applications;
using WeGate.Core.Connections;

namespace WeGate.Server.Hosting;

// Configuration shapes of WeGate:Pools:{name} (docs/configuration.md). Keys of the dictionaries are
// the connection slugs and client ids.
public sealed class DeclaredPool
{
    public string? DisplayName { get; set; }
    public Dictionary<string, DeclaredConnection> Connections { get; set; } = [];
    public Dictionary<string, DeclaredApplication> Applications { get; set; } = [];
}

public sealed class DeclaredConnection
{
    public string? Type { get; set; }
    public string? DisplayName { get; set; }
    public string? AppId { get; set; }
    public string? AppSecret { get; set; }
    public string? Token { get; set; }
    public string? EncodingAesKey { get; set; }
    public string? PreviousEncodingAesKey { get; set; }
    public string? MessageMode { get; set; }
    public string? Scope { get; set; }
    public string? Page { get; set; }
    public string? EnvVersion { get; set; }
    public string? OriginalId { get; set; }
    public bool LoginOnly { get; set; }
    public string BindingPolicy { get; set; } = Core.Connections.BindingPolicy.None;
    public bool Enabled { get; set; } = true;

    public Connection ToConnection(string pool, string slug) => new()
    {
        Pool = pool, Slug = slug, Type = Type ?? "", DisplayName = DisplayName ?? slug, AppId = AppId ?? "",
        Settings = new ConnectionSettings { MessageMode = MessageMode, Scope = Scope, Page = Page, EnvVersion = EnvVersion, OriginalId = OriginalId },
        LoginOnly = LoginOnly, BindingPolicy = BindingPolicy, Enabled = Enabled,
    };

    public ConnectionSecrets Secrets() => new ConnectionSecrets().Merge(new ConnectionSecrets
    {
        AppSecret = AppSecret, Token = Token, EncodingAesKey = EncodingAesKey, PreviousEncodingAesKey = PreviousEncodingAesKey,
    });
}

public sealed class DeclaredApplication
{
    public string? DisplayName { get; set; }
    public string? Type { get; set; }
    public string? ClientSecret { get; set; }
    public List<string> RedirectUris { get; set; } = [];
    public List<string> PostLogoutRedirectUris { get; set; } = [];
    public List<string> Grants { get; set; } = [GrantType.AuthorizationCode, GrantType.RefreshToken];
    public List<string> Connections { get; set; } = [];
    public List<string> ApiScopes { get; set; } = [];
    public List<string> Resources { get; set; } = [];
    public int AccessTokenSeconds { get; set; } = TokenLifetimes.Default.AccessTokenSeconds;
    public int IdTokenSeconds { get; set; } = TokenLifetimes.Default.IdTokenSeconds;
    public int RefreshTokenSeconds { get; set; } = TokenLifetimes.Default.RefreshTokenSeconds;
    public int? RefreshTokenAbsoluteSeconds { get; set; }
    public string SigningAlgorithm { get; set; } = Core.Applications.SigningAlgorithm.ES256;
    public bool Enabled { get; set; } = true;

    public Application ToApplication(string pool, string clientId) => new()
    {
        Pool = pool, ClientId = clientId, DisplayName = DisplayName ?? clientId, Type = Type ?? "",
        RedirectUris = RedirectUris, PostLogoutRedirectUris = PostLogoutRedirectUris, Grants = Grants, Connections = Connections,
        ApiScopes = ApiScopes, Resources = Resources,
        Lifetimes = new TokenLifetimes(AccessTokenSeconds, IdTokenSeconds, RefreshTokenSeconds, RefreshTokenAbsoluteSeconds), SigningAlgorithm = SigningAlgorithm, Enabled = Enabled,
    };
}
