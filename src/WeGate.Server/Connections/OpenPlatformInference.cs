using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Core.Users;
using static WeGate.Server.Connections.DoctorCheck;

namespace WeGate.Server.Connections;

// Whether the connection's app is bound to an Open Platform account. WeChat has no API that an app's
// own credentials can ask this with (cgi-bin/open/get needs a third-party platform's token), so the
// doctor infers it and says so: WeChat sends a unionid for every user of a bound app
// (docs/wechat-contract.md#openid-and-unionid), and the account resolver attaches it to the account
// (docs/accounts.md), so a recent sign-in through the connection whose account has no unionid means
// the app was not bound then.
internal sealed class OpenPlatformInference(IAuditSearch audit, IUserStore users)
{
    private const string Id = "open_platform";
    private const int People = 20;

    public async Task<DoctorCheck> CheckAsync(Connection c, CancellationToken ct)
    {
        if (c.Type is ConnectionType.WebsiteQr or ConnectionType.Mobile)
            return Skip(Id, "Not needed: a website or mobile app belongs to an Open Platform account, and WeChat always sends its users' unionid.");
        if (c.Type == ConnectionType.OfficialAccountWeb && c.Settings.Scope is null or "snsapi_base")
            return Skip(Id, "Not checked: with the scope snsapi_base WeChat sends no unionid even for a bound account; choose snsapi_userinfo to get it.");
        var events = await audit.SearchAsync(c.Pool, new AuditFilter { ConnectionSlug = c.Slug, Outcome = AuditOutcome.Success, Limit = 200 }, ct);
        var people = events.Where(e => e.UserId is not null && e.Type.StartsWith("login.", StringComparison.Ordinal))
            .Select(e => e.UserId!).Distinct(StringComparer.Ordinal).Take(People).ToList();
        if (people.Count == 0)
            return Skip(Id, "Not checked yet: nobody has signed in through this connection. WeChat has no API that says whether an app is bound to an Open Platform account, so the doctor infers it from sign-ins.");
        var without = 0;
        foreach (var id in people)
        {
            var identities = await users.GetIdentitiesAsync(c.Pool, id, ct);
            if (!identities.Any(i => i.Kind == IdentityKind.WeChatUnionId))
                without++;
        }
        return without == 0
            ? Passed(Id, $"Inferred from sign-ins: each of the last {people.Count} people who signed in through this connection has a unionid, so the app is bound to an Open Platform account.", inferred: true)
            : Failed(Id, $"Inferred from sign-ins: {without} of the last {people.Count} people who signed in through this connection have no unionid. WeChat sends one for every user of an app bound to an Open Platform account, so this app was most likely not bound when they signed in.",
                "Bind the app to your Open Platform account (open.weixin.qq.com → 管理中心 → 公众号 or 小程序 → 绑定). Until then the same person gets another account in each of your apps. People who signed in before the binding get their unionid at their next sign-in.",
                inferred: true);
    }
}
