using System.Collections.Concurrent;

namespace WeGate.Sandbox.Grants;

// One valid session_key per user and mini program; a new wx.login login replaces it (docs/wechat-contract.md#session-keys).
internal sealed class SessionBook
{
    private readonly ConcurrentDictionary<(string AppId, string OpenId), string> _keys = new();

    public string Renew(string appId, string openId) => _keys[(appId, openId)] = RandomText.SessionKey();

    public string? Find(string appId, string openId) => _keys.GetValueOrDefault((appId, openId));
}
