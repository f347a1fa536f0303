using WeGate.Sandbox.Grants;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Pages;

// What the phone does to a qrconnect login (docs/wechat-contract.md#the-qr-page): scan it, then approve or deny. The
// confirm page and the control API both take these steps. Each answers the login after the attempt
// and whether it moved.
internal static class QrConnectSteps
{
    public static (QrLoginSession? Session, bool Moved) Scan(WeChatSandbox sandbox, string id, string personaId) =>
        sandbox.QrLogins.Move(id, QrLoginStatus.Waiting, session => session with { Status = QrLoginStatus.Scanned, PersonaId = personaId });

    // The code is issued for the app and the persona who scanned: 10 minutes, single use (docs/wechat-contract.md#the-qr-page).
    public static (QrLoginSession? Session, bool Moved) Approve(WeChatSandbox sandbox, string id) =>
        sandbox.QrLogins.Move(id, QrLoginStatus.Scanned, session =>
        {
            var lifetime = sandbox.CodeLifetime(SandboxAppType.Website, CodeKind.OAuth);
            var code = sandbox.Codes.Issue(CodeKind.OAuth, session.AppId, session.PersonaId!, "snsapi_login", lifetime);
            return session with
            {
                Status = QrLoginStatus.Confirmed,
                RedirectUrl = RedirectRules.WithQuery(session.RedirectUri, ("code", code.Code), ("state", session.State)),
            };
        });

    public static (QrLoginSession? Session, bool Moved) Deny(WeChatSandbox sandbox, string id) =>
        sandbox.QrLogins.Move(id, QrLoginStatus.Scanned, session => session with { Status = QrLoginStatus.Denied });
}
