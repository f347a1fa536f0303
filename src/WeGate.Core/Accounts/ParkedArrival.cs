using WeGate.Core.Connections;

namespace WeGate.Core.Accounts;

// An arrival that waits for the person (account selection or ask to bind, docs/accounts.md): what WeChat
// vouched for, and the accounts to choose from. It is kept between requests — on a login ticket, in the
// account page's cookie, behind a hand-off's auth_session — and becomes a WeChatArrival again through its
// connection, which is read afresh so that a connection disabled meanwhile counts.
public sealed record ParkedArrival(
    string ConnectionSlug, string OpenId, string? UnionId, string? VerifiedPhone, string? Nickname, string? AvatarUrl, IReadOnlyList<string> CandidateIds)
{
    // Account selection when there are candidates; ask to bind otherwise.
    public bool SelectsAccount => CandidateIds.Count > 0;

    public static ParkedArrival Of(Resolution resolution) => resolution switch
    {
        Resolution.SelectAccount s => From(s.Arrival, s.Candidates.Select(u => u.Id).ToList()),
        Resolution.AskToBind b => From(b.Arrival, []),
        _ => throw new ArgumentException("Only account selection and ask to bind wait for the person", nameof(resolution)),
    };

    private static ParkedArrival From(WeChatArrival a, IReadOnlyList<string> candidates) =>
        new(a.Connection.Slug, a.OpenId, a.UnionId, a.VerifiedPhone, a.Nickname, a.AvatarUrl, candidates);

    public WeChatArrival ToArrival(Connection connection, string? clientId, string? ip, string? userAgent)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Slug != ConnectionSlug)
            throw new ArgumentException($"The arrival came through '{ConnectionSlug}', not '{connection.Slug}'", nameof(connection));
        return new WeChatArrival
        {
            Connection = connection, OpenId = OpenId, UnionId = UnionId, VerifiedPhone = VerifiedPhone, Nickname = Nickname,
            AvatarUrl = AvatarUrl, ClientId = clientId, Ip = ip, UserAgent = userAgent,
        };
    }
}
