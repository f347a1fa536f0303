using System.Collections.Concurrent;

namespace WeGate.Sandbox.Grants;

internal sealed record Follower(long SubscribeTime, string SubscribeScene, long? QrScene, string? QrSceneStr);

// Who follows which official account, for cgi-bin/user/info (docs/wechat-contract.md#user-info).
internal sealed class FollowerBook
{
    private readonly ConcurrentDictionary<(string AppId, string OpenId), Follower> _followers = new();

    public void Follow(string appId, string openId, Follower follower) => _followers.TryAdd((appId, openId), follower);

    public Follower? Find(string appId, string openId) => _followers.GetValueOrDefault((appId, openId));
}
