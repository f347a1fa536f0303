using Microsoft.Extensions.Time.Testing;

namespace WeGate.Testing;

// The movable clock for a whole test server: a FakeTimeProvider that starts at the real present (the
// cookies a test's HttpClient keeps expire by the real clock) and tells when a timer is created on it.
// A hosted service creates its timer on a thread of its own once the host has started (.NET's
// BackgroundService runs ExecuteAsync that way), so a test waits for TimerCreated before it advances:
// moving the clock earlier would move it past a timer that does not exist yet.
public sealed class TestClock() : FakeTimeProvider(TimeProvider.System.GetUtcNow())
{
    private readonly TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task TimerCreated => _timerCreated.Task;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timerCreated.TrySetResult();
        return timer;
    }
}
