namespace WeGate.Core.Accounts;

// Remembered answers to account selection (docs/accounts.md#the-four-quadrants), keyed by the unionid and the
// appid:openid that led to two different accounts.
public interface IAccountChoiceStore
{
    Task RememberAsync(string pool, string unionId, string openIdIdentifier, string userId, CancellationToken ct = default);

    Task<string?> FindAsync(string pool, string unionId, string openIdIdentifier, CancellationToken ct = default);
}
