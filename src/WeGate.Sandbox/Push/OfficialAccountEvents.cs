using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Messages;

namespace WeGate.Sandbox.Push;

// What a persona's actions on an official account push to its server (docs/wechat-contract.md#event-pushes).
internal static class OfficialAccountEvents
{
    // A follower's scan is SCAN with the bare scene; a non-follower who follows from the scan is
    // subscribe with qrscene_<scene>; a scan without a follow pushes nothing (docs/wechat-contract.md#event-pushes).
    public static (string? Event, SandboxDelivery? Delivery) Scan(WeChatSandbox sandbox, QrTicket ticket, Persona persona, bool follow)
    {
        var app = sandbox.Registry.FindApp(ticket.AppId);
        if (app is null)
        {
            return (null, null);
        }

        var openId = PersonaIds.OpenId(app.AppId, persona.Id);
        var now = sandbox.Time.GetUtcNow().ToUnixTimeSeconds();
        var scene = Api.OfficialAccountEndpoints.SceneText(ticket);
        InboundMessage message;
        if (sandbox.Followers.Find(app.AppId, openId) is not null)
        {
            message = InboundMessage.Scan(app.OriginalId ?? app.AppId, openId, now, scene, ticket.Ticket);
        }
        else if (follow)
        {
            sandbox.Followers.Follow(app.AppId, openId, new Follower(now, "ADD_SCENE_QR_CODE", ticket.SceneId, ticket.SceneStr));
            message = InboundMessage.Subscribe(app.OriginalId ?? app.AppId, openId, now, scene, ticket.Ticket);
        }
        else
        {
            return (null, null);
        }

        return (message.Event, sandbox.Pusher.Push(app, message));
    }

    // A follow from search or the profile page: subscribe without EventKey or Ticket (docs/wechat-contract.md#event-pushes).
    public static FollowOutcome Follow(WeChatSandbox sandbox, SandboxApp app, Persona persona)
    {
        var openId = PersonaIds.OpenId(app.AppId, persona.Id);
        if (sandbox.Followers.Find(app.AppId, openId) is not null)
        {
            return new FollowOutcome(openId, AlreadyFollowing: true, null);
        }

        var now = sandbox.Time.GetUtcNow().ToUnixTimeSeconds();
        sandbox.Followers.Follow(app.AppId, openId, new Follower(now, "ADD_SCENE_SEARCH", null, null));
        var message = InboundMessage.Subscribe(app.OriginalId ?? app.AppId, openId, now, scene: null, ticket: null);
        return new FollowOutcome(openId, AlreadyFollowing: false, sandbox.Pusher.Push(app, message));
    }
}

internal sealed record FollowOutcome(string OpenId, bool AlreadyFollowing, SandboxDelivery? Delivery);
