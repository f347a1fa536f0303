namespace WeGate.Core.Users;

// A login name's failed password sign-ins in the current window, and when it may next be tried.
public sealed record LoginThrottle(int Failures, DateTimeOffset RetryAt)
{
    // While it waits, no password is checked for the login.
    public bool IsWaitingAt(DateTimeOffset now) => RetryAt > now;
}

// The growing wait of password sign-in (docs/security.md#password-sign-in): the first FreeFailures
// failures cost nothing; then the login must wait FirstWait, and each further failure doubles the wait,
// never beyond LongestWait. The count is forgotten ForgetAfter the last failure. There is no permanent
// lock, so nobody can lock a person out for good.
public sealed record LoginThrottlePolicy(int FreeFailures, TimeSpan FirstWait, TimeSpan LongestWait, TimeSpan ForgetAfter)
{
    public static readonly LoginThrottlePolicy Default = new(5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15), TimeSpan.FromHours(24));

    // The wait after the failure that brought the count to `failures`; null while failures are free.
    public TimeSpan? WaitAfter(int failures)
    {
        if (failures < FreeFailures)
            return null;
        // Past 2^30 × FirstWait no wait is shorter than LongestWait; the cap also keeps the shift in range.
        var doublings = failures - FreeFailures;
        return doublings >= 30 ? LongestWait : TimeSpan.FromTicks(Math.Min(FirstWait.Ticks * (1L << doublings), LongestWait.Ticks));
    }
}
