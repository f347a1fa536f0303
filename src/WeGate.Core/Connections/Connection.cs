namespace WeGate.Core.Connections;

// An identity source of one of the seven types. Secrets live apart (ConnectionSecrets), encrypted at
// rest and read only by the login flows; SecretsSet tells an admin which ones are configured.
public sealed record Connection
{
    public required string Pool { get; init; }
    public required string Slug { get; init; }
    public required string Type { get; init; }
    public required string DisplayName { get; init; }
    public required string AppId { get; init; }
    public ConnectionSettings Settings { get; init; } = new();
    public bool LoginOnly { get; init; }
    public string BindingPolicy { get; init; } = Connections.BindingPolicy.None;
    public bool Enabled { get; init; } = true;
    public IReadOnlyList<string> SecretsSet { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

// Type-specific, non-secret settings (docs/admin-api.md#field-rules). Unused fields stay null.
public sealed record ConnectionSettings
{
    public string? MessageMode { get; init; }   // oa-follow
    public string? Scope { get; init; }         // oa-web: snsapi_base | snsapi_userinfo
    public string? Page { get; init; }          // mp-qr, app-mp: mini program page
    public string? EnvVersion { get; init; }    // mp-qr, app-mp: release | trial | develop
    public string? OriginalId { get; init; }    // app-mp (and oa-follow replies): gh_…
}

public sealed record ConnectionSecrets
{
    public string? AppSecret { get; init; }
    public string? Token { get; init; }                    // official account server Token
    public string? EncodingAesKey { get; init; }
    public string? PreviousEncodingAesKey { get; init; }   // docs/wechat-contract.md#key-rotation: try the previous key too

    public IReadOnlyList<string> Names()
    {
        var names = new List<string>(4);
        if (AppSecret is not null) names.Add("app_secret");
        if (Token is not null) names.Add("token");
        if (EncodingAesKey is not null) names.Add("encoding_aes_key");
        if (PreviousEncodingAesKey is not null) names.Add("previous_encoding_aes_key");
        return names;
    }

    // Fields given in `changes` replace ours, absent (null) ones keep what is stored, and an empty
    // string removes the secret (e.g. the previous EncodingAESKey once a rotation is over).
    public ConnectionSecrets Merge(ConnectionSecrets changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return new()
        {
            AppSecret = Pick(changes.AppSecret, AppSecret),
            Token = Pick(changes.Token, Token),
            EncodingAesKey = Pick(changes.EncodingAesKey, EncodingAesKey),
            PreviousEncodingAesKey = Pick(changes.PreviousEncodingAesKey, PreviousEncodingAesKey),
        };
    }

    private static string? Pick(string? change, string? stored) => change is null ? stored : change.Length == 0 ? null : change;
}
