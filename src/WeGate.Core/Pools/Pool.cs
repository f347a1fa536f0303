namespace WeGate.Core.Pools;

// A tenant: its own users, connections, applications, signing keys and issuer ({base}/pools/{name}).
public sealed record Pool(string Name, string DisplayName, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Default = "default";
    public const int DisplayNameMaxLength = 100;
}
