namespace WeGate.Core.Users;

// Failed password sign-ins per login name, whether or not an account has that name, so that the
// answers never tell which accounts exist. The key is a hash of the pool and the login; the login
// itself is never stored.
public interface ILoginThrottleStore
{
    // The login's failures in the window, with when it may next be tried; null when it has none.
    Task<LoginThrottle?> GetAsync(string key, CancellationToken ct = default);

    // Counts one failure in one statement (racing failures all count) and forgets the count `window`
    // after it; a count whose window has passed starts again from one. Answers the failures in the window.
    Task<int> RecordFailureAsync(string key, TimeSpan window, CancellationToken ct = default);

    // Makes the login wait until retryAt; a later wait already set stands.
    Task DelayAsync(string key, DateTimeOffset retryAt, CancellationToken ct = default);

    Task ClearAsync(IEnumerable<string> keys, CancellationToken ct = default);
}
