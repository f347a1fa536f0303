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

    public async Task<DoctorCheck> CheckAsync(DoctorTexts t, Connection c, CancellationToken ct)
    {
        if (c.Type is ConnectionType.WebsiteQr or ConnectionType.Mobile)
            return Skip(Id, t["op_not_needed"]);
        if (c.Type == ConnectionType.OfficialAccountWeb && c.Settings.Scope is null or "snsapi_base")
            return Skip(Id, t["op_snsapi_base"]);
        var events = await audit.SearchAsync(c.Pool, new AuditFilter { ConnectionSlug = c.Slug, Outcome = AuditOutcome.Success, Limit = 200 }, ct);
        var people = events.Where(e => e.UserId is not null && e.Type.StartsWith("login.", StringComparison.Ordinal))
            .Select(e => e.UserId!).Distinct(StringComparer.Ordinal).Take(People).ToList();
        if (people.Count == 0)
            return Skip(Id, t["op_nobody"]);
        var without = 0;
        foreach (var id in people)
        {
            var identities = await users.GetIdentitiesAsync(c.Pool, id, ct);
            if (!identities.Any(i => i.Kind == IdentityKind.WeChatUnionId))
                without++;
        }
        return without == 0
            ? Passed(Id, t.Format("op_passed", people.Count), inferred: true)
            : Failed(Id, t.Format("op_failed", without, people.Count), t["op_fix"], inferred: true);
    }
}
