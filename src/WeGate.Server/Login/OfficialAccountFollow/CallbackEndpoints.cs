using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WeGate.Core.Connections;
using WeGate.WeChat.Crypto;
using WeGate.WeChat.Messages;
using ConnectionMessageMode = WeGate.Core.Connections.MessageMode;
using WireMode = WeGate.WeChat.Messages.MessageMode;

namespace WeGate.Server.Login.OfficialAccountFollow;

// The official account's server URL, one per oa-follow connection (docs/wechat-contract.md#official-account-server):
//   GET  /pools/{pool}/login/oa-follow/{connection}/callback   echostr verification when the URL is saved
//   POST the same                                              event pushes in plaintext, compatible or safe mode
// Every request must carry a valid signature and a timestamp within DeliveryDedupe.Window of now. Only
// WeChat talks to this endpoint, so a refusal is a plain-text status for the operator to read in
// WeChat's console or a proxy log; the audit log records it.
internal static class CallbackEndpoints
{
    // WeChat drops the connection after 5 s and re-sends (docs/wechat-contract.md#deadline-and-retries); answer well before that.
    public static readonly TimeSpan ReplyBudget = TimeSpan.FromSeconds(4);

    // Bytes, generous for SecureXml's 64 Ki-character limit in UTF-8.
    private const int MaxBodyBytes = 192 * 1024;

    public static void Map(RouteGroupBuilder login)
    {
        login.MapGet("/oa-follow/{connection}/callback", VerifyAsync);
        login.MapPost("/oa-follow/{connection}/callback", ReceiveAsync).DisableAntiforgery();
    }

    private static async Task<IResult> VerifyAsync(string pool, string connection, HttpContext http, IConnectionStore connections,
        FollowAudit audit, TimeProvider clock, ILogger<FollowLoginFlow> logger, CancellationToken ct)
    {
        var (found, secrets) = await LoadAsync(connections, pool, connection, ct);
        if (found is null || secrets is null)
            return Results.Text("Unknown oa-follow connection", statusCode: StatusCodes.Status404NotFound);
        var query = Query(http);
        if (!Fresh(query.Timestamp, clock))
            return await RejectAsync(audit, logger, found, http, "stale or missing timestamp on the echostr check", StatusCodes.Status401Unauthorized);
        try
        {
            return Results.Text(Receiver(found, secrets, clock).VerifyEcho(query, http.Request.Query["echostr"]), "text/plain");
        }
        catch (WeChatMessageException e)
        {
            return await RejectAsync(audit, logger, found, http, $"echostr check: {e.Error}: {e.Message}", StatusCodes.Status401Unauthorized);
        }
    }

    // An event push: the connection and its replay checks, the follow login's handling of the event, and
    // the lifetime that lets that handling outlive the request.
    internal readonly record struct PushServices(IConnectionStore Connections, FollowEvents Events, DeliveryDedupe Dedupe, ICallbackNonceStore Nonces,
        FollowAudit Audit, TimeProvider Clock, IHostApplicationLifetime Lifetime, ILogger<FollowLoginFlow> Logger);

    private static async Task<IResult> ReceiveAsync(string pool, string connection, HttpContext http, [AsParameters] PushServices services, CancellationToken ct)
    {
        var (audit, clock, logger) = (services.Audit, services.Clock, services.Logger);
        var (found, secrets) = await LoadAsync(services.Connections, pool, connection, ct);
        if (found is null || secrets is null)
            return Results.Text("Unknown oa-follow connection", statusCode: StatusCodes.Status404NotFound);
        var query = Query(http);
        if (!Fresh(query.Timestamp, clock))
            return await RejectAsync(audit, logger, found, http, "stale or missing timestamp on an event push", StatusCodes.Status401Unauthorized);
        if (await ReadBodyAsync(http, ct) is not { } body)
            return await RejectAsync(audit, logger, found, http, $"event push body over {MaxBodyBytes} bytes", StatusCodes.Status413PayloadTooLarge);

        var receiver = Receiver(found, secrets, clock);
        OpenedMessage opened;
        try
        {
            opened = receiver.Open(query, body);
        }
        catch (WeChatMessageException e)
        {
            return await RejectAsync(audit, logger, found, http, $"event push: {e.Error}: {e.Message}", Status(e.Error));
        }
        // In plaintext and compatible mode the signature covers only token, timestamp and nonce, not the
        // body (docs/wechat-contract.md#message-modes): a signed (timestamp, nonce) is good for one body only, on every node.
        if (query.Nonce is not { Length: > 0 and <= 64 } || !await services.Nonces.AcceptAsync($"{found.Pool}/{found.Slug}/{query.Timestamp}/{query.Nonce}",
                Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body))), clock.GetUtcNow() + 2 * DeliveryDedupe.Window, ct))
            return await RejectAsync(audit, logger, found, http, "event push reuses the timestamp and nonce of an earlier push with another body", StatusCodes.Status401Unauthorized);
        var message = opened.Message;
        if (found.Settings.OriginalId is { } originalId && message.ToUserName != originalId)
            return await RejectAsync(audit, logger, found, http, $"event push addressed to {message.ToUserName}, not {originalId}", StatusCodes.Status400BadRequest);
        if (secrets.AppSecret is null)
        {
            logger.LogError("oa-follow connection {Pool}/{Slug} has no AppSecret; cannot look up followers", found.Pool, found.Slug);
            return Results.Text("The connection has no AppSecret", statusCode: StatusCodes.Status500InternalServerError);
        }

        // The work outlives this request: if WeChat gives up first, the sign-in still completes.
        var (work, _) = services.Dedupe.Once(found.Pool, found.Slug, message, () => services.Events.HandleAsync(found, secrets.AppSecret, message, services.Lifetime.ApplicationStopping));
        string? reply;
        try
        {
            reply = await work.WaitAsync(ReplyBudget, ct);
        }
        catch (TimeoutException)
        {
            reply = FollowTexts.StillWorking;
        }
        if (reply is null)
            return Results.Text("success", "text/plain");
        var xml = TextReply.Write(message, reply, clock.GetUtcNow().ToUnixTimeSeconds());
        return Results.Text(receiver.SealReply(opened, xml), "text/xml", Encoding.UTF8);
    }

    private static async Task<(Connection?, ConnectionSecrets?)> LoadAsync(IConnectionStore connections, string pool, string slug, CancellationToken ct)
    {
        if (slug.Length > 64 || await connections.GetAsync(pool, slug, ct) is not { Enabled: true, Type: ConnectionType.OfficialAccountFollow } connection)
            return (null, null);
        return (connection, await connections.GetSecretsAsync(pool, slug, ct));
    }

    private static CallbackQuery Query(HttpContext http)
    {
        var q = http.Request.Query;
        string? Get(string name) => q.TryGetValue(name, out var v) ? v.ToString() : null;
        return new CallbackQuery(Get("signature"), Get("timestamp"), Get("nonce"), Get("encrypt_type"), Get("msg_signature"), Get("openid"));
    }

    // A signed push can be captured and sent again; after the window it is refused, and within it the
    // dedupe answers it without doing anything twice.
    private static bool Fresh(string? timestamp, TimeProvider clock) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) <= DeliveryDedupe.Window.TotalSeconds;

    private static CallbackReceiver Receiver(Connection connection, ConnectionSecrets secrets, TimeProvider clock) =>
        new(new CallbackAccount(secrets.Token ?? "", connection.AppId, Mode(connection.Settings.MessageMode),
            Key(secrets.EncodingAesKey), Key(secrets.PreviousEncodingAesKey)), clock);

    // Safe and compatible connections always have a key (ConnectionRules); a plaintext one may have one too.
    private static EncodingAesKey? Key(string? text) => EncodingAesKey.TryParse(text, out var key) ? key : null;

    private static WireMode Mode(string? mode) => mode switch
    {
        ConnectionMessageMode.Safe => WireMode.Safe,
        ConnectionMessageMode.Compatible => WireMode.Compatible,
        _ => WireMode.Plaintext,
    };

    // An encrypted push to a connection without an EncodingAESKey (EncryptionNotConfigured) is a 400 like a
    // plaintext push to a safe-mode one: the push's mode is not the connection's, and the warning says so.
    private static int Status(WeChatMessageError error) => error switch
    {
        WeChatMessageError.InvalidSignature or WeChatMessageError.InvalidMsgSignature => StatusCodes.Status401Unauthorized,
        WeChatMessageError.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status400BadRequest,
    };

    private static async Task<string?> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task<IResult> RejectAsync(FollowAudit audit, ILogger logger, Connection connection, HttpContext http, string reason, int status)
    {
        logger.LogWarning("Refused a WeChat callback for {Pool}/{Slug} with {Status}: {Reason}", connection.Pool, connection.Slug, status, reason);
        await audit.RejectedAsync(connection, http, reason);
        return Results.Text(reason, "text/plain", statusCode: status);
    }
}
