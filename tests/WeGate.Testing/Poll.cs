namespace WeGate.Testing;

// Waits for what another process or the server's own background work does when it announces it in no
// way a test can await (a message in the sandbox's outbox read over HTTP, a closed stream's place given
// back, a LISTEN issued by another node): the check is repeated, after pauses growing from 10 to 100 ms,
// until it holds, and fails after `within`. Not for letting time pass: tests move a FakeTimeProvider.
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> check, Func<T, bool> done, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        for (var pause = 10; ; pause = Math.Min(100, pause * 2))
        {
            var value = await check();
            if (done(value))
                return value;
            try
            {
                await Task.Delay(pause, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The awaited condition did not hold within {within}; last seen: {value}.");
            }
        }
    }

    public static Task UntilAsync(Func<bool> done, TimeSpan within) => UntilAsync(() => Task.FromResult(done()), d => d, within);
}
