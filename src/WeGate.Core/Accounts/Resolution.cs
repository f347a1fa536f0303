using System.Text.Json;
using System.Text.Json.Serialization;
using WeGate.Core.Users;

namespace WeGate.Core.Accounts;

// What the account resolver decided for an arrival (docs/accounts.md#how-an-arriving-wechat-user-is-resolved).
public abstract record Resolution
{
    // Signed in to an existing account, or to one created now; Attached names identities added on the way
    // (e.g. a unionid back-filled onto an account created before the app joined the Open Platform).
    public sealed record SignedIn(User User, bool Created, IReadOnlyList<string> Attached) : Resolution;

    // The person reached two accounts before their unionid was known: they must pick one.
    public sealed record SelectAccount(IReadOnlyList<User> Candidates, WeChatArrival Arrival) : Resolution;

    // Nobody matched and the connection asks: create a new account, or bind an existing one. A login-only
    // connection never creates, so there the person can only bind an existing account.
    public sealed record AskToBind(WeChatArrival Arrival) : Resolution
    {
        public bool MayCreate => !Arrival.Connection.LoginOnly;
    }

    // Not signed in. Reason is for the audit log; UserMessage says what to do, in the person's terms.
    public sealed record Refused(RefusalReason Reason, string UserMessage) : Resolution;
}

// Why a sign-in was refused: the audit log records its name, pages and tickets decide on it. The names
// are stored (login tickets) and shown in the audit log, so they never change.
[JsonConverter(typeof(RefusalReasonJsonConverter))]
public enum RefusalReason
{
    Snapshot,
    LoginOnly,
    Blocked,
    NotACandidate,
    BindProofFailed,
    AlreadyBound,
    WeChatError,
    NotFollowing,
    NeedsAccountStep,
}

public static class RefusalReasons
{
    private static readonly Dictionary<RefusalReason, string> Names = new()
    {
        [RefusalReason.Snapshot] = "snapshot",
        [RefusalReason.LoginOnly] = "login-only",
        [RefusalReason.Blocked] = "blocked",
        [RefusalReason.NotACandidate] = "not-a-candidate",
        [RefusalReason.BindProofFailed] = "bind-proof-failed",
        [RefusalReason.AlreadyBound] = "already-bound",
        [RefusalReason.WeChatError] = "wechat-error",
        [RefusalReason.NotFollowing] = "not-following",
        [RefusalReason.NeedsAccountStep] = "needs-account-step",
    };

    public static string Name(this RefusalReason reason) => Names[reason];

    public static RefusalReason? Parse(string? name) =>
        Names.FirstOrDefault(pair => pair.Value == name) is { Value: not null } found ? found.Key : null;
}

internal sealed class RefusalReasonJsonConverter : JsonConverter<RefusalReason>
{
    public override RefusalReason Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        RefusalReasons.Parse(reader.GetString()) ?? throw new JsonException($"Unknown refusal reason '{reader.GetString()}'");

    public override void Write(Utf8JsonWriter writer, RefusalReason value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Name());
    }
}
