namespace WeGate.Testing;

// Lets a test await a condition that other threads make true (a message sent by a background queue, a
// log entry written): whoever changes what the condition reads calls Changed, and UntilAsync re-checks
// the condition then, never on a timer.
public sealed class ChangeSignal
{
    private TaskCompletionSource _next = New();

    public void Changed() => Interlocked.Exchange(ref _next, New()).TrySetResult();

    public async Task UntilAsync(Func<bool> condition, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            // Taken before the check, so a change between the check and the wait is not missed.
            var next = Volatile.Read(ref _next).Task;
            if (condition())
                return;
            try
            {
                await next.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"The awaited condition did not hold within {within}.");
            }
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
