using System.Security.Cryptography;
using System.Text;

namespace WeGate.Sandbox.Registry;

// Stable ids shaped like WeChat's: 28 characters starting with 'o' (docs/wechat-contract.md#openid-and-unionid). Derived, not
// stored, so the same persona has the same openid in an app across restarts, and different openids in
// different apps; the unionid depends only on the Open Platform account.
public static class PersonaIds
{
    public static string OpenId(string appId, string personaId) => Derive("openid:" + appId, personaId);

    public static string UnionId(string openPlatformAccount, string personaId) => Derive("unionid:" + openPlatformAccount, personaId);

    // Snapshot pages hand out virtual ids that differ from the real ones (docs/wechat-contract.md#snapshot-pages).
    public static string SnapshotOpenId(string appId, string personaId) => Derive("snapshot-openid:" + appId, personaId);

    public static string SnapshotUnionId(string openPlatformAccount, string personaId) => Derive("snapshot-unionid:" + openPlatformAccount, personaId);

    private static string Derive(string key, string personaId)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(personaId));
        return "o" + Convert.ToBase64String(mac).Replace('+', '-').Replace('/', '_')[..27];
    }
}
