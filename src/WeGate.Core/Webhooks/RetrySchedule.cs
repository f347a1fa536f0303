namespace WeGate.Core.Webhooks;

// When a failed delivery is tried again (docs/operations.md#webhooks): after each failed attempt the
// next delay of the list, stretched or shrunk by up to a tenth at random so that receivers coming back
// from an outage are not hit by every sender at once (Standard Webhooks, "Deliverability and
// reliability"). After the last delay's attempt fails, the message is given up.
public sealed class RetrySchedule(IReadOnlyList<TimeSpan> delays)
{
    public const double Jitter = 0.1;

    // Immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: eight attempts over about 28 hours.
    public static readonly RetrySchedule Default = new(new[] { 5, 300, 1800, 7200, 18000, 36000, 36000 }.Select(s => TimeSpan.FromSeconds(s)).ToList());

    public IReadOnlyList<TimeSpan> Delays { get; } = delays;

    public int MaxAttempts => Delays.Count + 1;

    // The delay before the next attempt after `attempts` failed ones, or null when the message is given up.
    public TimeSpan? After(int attempts, double random)
    {
        if (attempts < 1 || attempts > Delays.Count)
            return null;
        var factor = 1 + Jitter * (2 * random - 1);
        return TimeSpan.FromMilliseconds(Delays[attempts - 1].TotalMilliseconds * factor);
    }
}
