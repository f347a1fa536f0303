namespace WeGate.Sandbox.Grants;

// A sliding one-minute window per key, for 45011 on jscode2session (docs/wechat-contract.md#mini-program-login: 100/min per user).
internal sealed class MinuteRateLimiter(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _calls = new(StringComparer.Ordinal);

    public bool TryAcquire(string key, int limit)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_calls.TryGetValue(key, out var calls))
            {
                _calls[key] = calls = new Queue<DateTimeOffset>();
            }

            while (calls.Count > 0 && calls.Peek() <= now - Window)
            {
                calls.Dequeue();
            }

            if (calls.Count >= limit)
            {
                return false;
            }

            calls.Enqueue(now);
            return true;
        }
    }
}
