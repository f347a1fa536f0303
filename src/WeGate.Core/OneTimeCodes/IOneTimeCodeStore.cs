namespace WeGate.Core.OneTimeCodes;

// A sent code as stored: only a keyed hash of the code itself (CodeHasher).
public sealed record IssuedCode(
    string Id, string Pool, CodeChannel Channel, string Recipient, string Purpose, string CodeHash, int Attempts,
    DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt, DateTimeOffset CreatedAt, string? Ip);

public interface IOneTimeCodeStore
{
    Task CreateAsync(IssuedCode code, CancellationToken ct = default);

    Task DeleteAsync(string id, CancellationToken ct = default);

    // The code sent last for this purpose: the only one that verifies.
    Task<IssuedCode?> FindLatestAsync(string pool, CodeChannel channel, string recipient, string purpose, CancellationToken ct = default);

    // When codes were sent to this recipient since `since`, in any pool and for any purpose, oldest
    // first, leaving out `exceptId` (the code being issued).
    Task<IReadOnlyList<DateTimeOffset>> SentToSinceAsync(CodeChannel channel, string recipient, DateTimeOffset since, string exceptId, CancellationToken ct = default);

    // The same for every code asked for from one IP address.
    Task<IReadOnlyList<DateTimeOffset>> SentFromIpSinceAsync(string ip, DateTimeOffset since, string exceptId, CancellationToken ct = default);

    // Counts one verification attempt, in one conditional UPDATE: only while the code is unused,
    // unexpired at `now` and below maxAttempts. Returns the code after the count, or null when it
    // could not be counted (so racing verifications never exceed the limit).
    Task<IssuedCode?> CountAttemptAsync(string id, int maxAttempts, DateTimeOffset now, CancellationToken ct = default);

    // Marks the code used if nobody has; true for exactly one caller.
    Task<bool> MarkUsedAsync(string id, DateTimeOffset now, CancellationToken ct = default);

    // Failed verifications per recipient, in every pool and across codes (migration 0011). A window
    // opens at the first failure and lasts `window`; then the count starts again.

    // When the recipient's window ends, if it already holds maxFailures failures at `now`; else null.
    Task<DateTimeOffset?> LockedUntilAsync(CodeChannel channel, string recipient, int maxFailures, DateTimeOffset now, CancellationToken ct = default);

    // Counts one failure in one conditional statement, only while the window holds fewer than
    // maxFailures: false when it holds that many already, so racing verifications never pass the cap.
    Task<bool> CountFailureAsync(CodeChannel channel, string recipient, int maxFailures, TimeSpan window, DateTimeOffset now, CancellationToken ct = default);

    Task ClearFailuresAsync(CodeChannel channel, string recipient, CancellationToken ct = default);
}
