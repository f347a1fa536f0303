using System.Text.Json.Serialization;

namespace WeGate.Sandbox.Grants;

[JsonConverter(typeof(JsonStringEnumConverter<QrLoginStatus>))]
public enum QrLoginStatus
{
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    [JsonStringEnumMemberName("scanned")]
    Scanned,

    [JsonStringEnumMemberName("confirmed")]
    Confirmed,

    [JsonStringEnumMemberName("denied")]
    Denied,

    [JsonStringEnumMemberName("expired")]
    Expired,
}

// One qrconnect page's login (docs/wechat-contract.md#website-login). RedirectUrl is set once confirmed:
// redirect_uri?code=CODE&state=STATE. SelfRedirect: the wxLogin.js iframe navigates itself, not the top window.
public sealed record QrLoginSession(string Id, string AppId, string RedirectUri, string State, string QrContent, DateTimeOffset ExpiresAt)
{
    public QrLoginStatus Status { get; init; }

    public bool Embedded { get; init; }

    public bool SelfRedirect { get; init; }

    public string? PersonaId { get; init; }

    public string? RedirectUrl { get; init; }
}

// waiting → scanned → confirmed | denied, or expired; each transition once. Expiry is computed on
// the sandbox clock when read, so tests move time rather than wait. The book also notes when each page
// opened and last polled its status, for the virtual phone's Scan list.
internal sealed class QrLoginBook(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, QrLoginSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset OpenedAt, DateTimeOffset PolledAt, long Order)> _pages = new(StringComparer.Ordinal);

    public void Add(QrLoginSession session)
    {
        lock (_gate)
        {
            _sessions[session.Id] = session;
            var now = time.GetUtcNow();
            _pages[session.Id] = (now, now, _pages.Count);
        }
    }

    // The qrconnect page asked for its status: it is still open.
    public void Polled(string id)
    {
        lock (_gate)
        {
            if (_pages.TryGetValue(id, out var page))
            {
                _pages[id] = page with { PolledAt = time.GetUtcNow() };
            }
        }
    }

    // The pending logins whose page polled within `quiet`, newest page first, with when it opened.
    public IReadOnlyList<(QrLoginSession Session, DateTimeOffset OpenedAt)> Watched(TimeSpan quiet)
    {
        var since = time.GetUtcNow() - quiet;
        lock (_gate)
        {
            return [.. Pending(null)
                .Select(session => (Session: session, Page: _pages[session.Id]))
                .Where(entry => entry.Page.PolledAt >= since)
                .OrderByDescending(entry => entry.Page.Order)
                .Select(entry => (entry.Session, entry.Page.OpenedAt))];
        }
    }

    public QrLoginSession? Find(string? id)
    {
        lock (_gate)
        {
            return id is not null && _sessions.TryGetValue(id, out var session) ? Aged(session) : null;
        }
    }

    public IReadOnlyList<QrLoginSession> Pending(string? appId)
    {
        lock (_gate)
        {
            return [.. _sessions.Values.Select(Aged)
                .Where(session => session.Status is QrLoginStatus.Waiting or QrLoginStatus.Scanned)
                .Where(session => appId is null || session.AppId == appId)
                .OrderBy(session => session.ExpiresAt)];
        }
    }

    // Applies `change` when the session is in `from`; answers the session after the attempt and whether it moved.
    public (QrLoginSession? Session, bool Moved) Move(string id, QrLoginStatus from, Func<QrLoginSession, QrLoginSession> change)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(id, out var stored))
            {
                return (null, false);
            }

            var session = Aged(stored);
            if (session.Status != from)
            {
                return (session, false);
            }

            _sessions[id] = change(session);
            return (_sessions[id], true);
        }
    }

    private QrLoginSession Aged(QrLoginSession session) =>
        session.Status is QrLoginStatus.Waiting or QrLoginStatus.Scanned && session.ExpiresAt <= time.GetUtcNow()
            ? session with { Status = QrLoginStatus.Expired }
            : session;
}
