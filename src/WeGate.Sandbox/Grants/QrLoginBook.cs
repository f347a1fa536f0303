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
// the sandbox clock when read, so tests move time rather than wait.
internal sealed class QrLoginBook(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, QrLoginSession> _sessions = new(StringComparer.Ordinal);

    public void Add(QrLoginSession session)
    {
        lock (_gate)
        {
            _sessions[session.Id] = session;
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
