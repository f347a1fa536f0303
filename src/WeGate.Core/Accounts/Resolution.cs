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
    public sealed record Refused(string Reason, string UserMessage) : Resolution;
}

public static class RefusalReason
{
    public const string Snapshot = "snapshot";
    public const string LoginOnly = "login-only";
    public const string Blocked = "blocked";
}
