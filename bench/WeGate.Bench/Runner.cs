namespace WeGate.Bench;

// Runs the virtual users: each one logs in, again and again, one login at a time, until the deadline or
// the login count is reached; logins under way at the deadline are finished and counted. Each user's
// first --warmup logins happen before the clock starts (the first one also creates the persona's account).
internal sealed class Runner(BenchSettings settings, ILoginScenario scenario, TimeProvider clock)
{
    // A user whose login failed pauses before the next one, so a WeGate that refuses everything is not
    // hammered in a tight loop for the whole run.
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMilliseconds(100);

    private int _remaining;

    public async Task<RunResult> RunAsync(CancellationToken ct)
    {
        await scenario.PrepareAsync(settings.Users, ct);
        var users = Enumerable.Range(0, settings.Users).ToArray();

        var warmup = users.Select(_ => new Tally()).ToArray();
        await Task.WhenAll(users.Select(user => WarmUpAsync(user, warmup[user], ct)));
        var warmed = Tally.Merge(warmup);
        if (settings.Warmup > 0 && warmed.Latencies.Count == 0 && warmed.Errors.Count > 0)
            throw new LoginFailure("every warm-up login failed; the first: " + warmed.Errors.Keys.First());

        _remaining = settings.Logins ?? int.MaxValue;
        var tallies = users.Select(_ => new Tally()).ToArray();
        var start = clock.GetTimestamp();
        await Task.WhenAll(users.Select(user => MeasureAsync(user, tallies[user], start, ct)));
        return new RunResult(settings, scenario.Name, scenario.Description, Tally.Merge(tallies), warmed, clock.GetElapsedTime(start), ct.IsCancellationRequested);
    }

    private async Task WarmUpAsync(int user, Tally tally, CancellationToken ct)
    {
        for (var i = 0; i < settings.Warmup && !ct.IsCancellationRequested; i++)
            await LoginAsync(user, tally, ct);
    }

    private async Task MeasureAsync(int user, Tally tally, long start, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && clock.GetElapsedTime(start) < settings.Duration && Interlocked.Decrement(ref _remaining) >= 0)
            await LoginAsync(user, tally, ct);
    }

    private async Task LoginAsync(int user, Tally tally, CancellationToken ct)
    {
        LoginSteps? steps = null;
        string? failure;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await scenario.BeforeLoginAsync(user, ct);
            steps = new LoginSteps(clock);
            deadline.CancelAfter(settings.Timeout);
            await scenario.LoginAsync(user, steps, deadline.Token);
            steps.End();
            tally.Succeeded(steps);
            return;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            failure = $"no answer within {settings.Timeout.TotalSeconds:0.#} s";
        }
        catch (Exception e) when (e is LoginFailure or HttpRequestException or System.Text.Json.JsonException or InvalidDataException or IOException)
        {
            failure = e.Message;
        }
        tally.Failed($"{steps?.Current ?? "before the login"}: {failure}");
        try
        {
            await Task.Delay(PauseAfterFailure, clock, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

// What one virtual user saw; merged at the end, so users never contend for it.
internal sealed class Tally
{
    public List<double> Latencies { get; } = [];

    // In the order the steps happen.
    public OrderedDictionary<string, List<double>> Steps { get; } = new(StringComparer.Ordinal);

    // Distinct failures in the order they first happened, with how often each happened.
    public OrderedDictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

    public int FailedCount { get; private set; }

    public void Succeeded(LoginSteps steps)
    {
        Latencies.Add(steps.Total.TotalMilliseconds);
        foreach (var (step, took) in steps.Done)
        {
            if (!Steps.TryGetValue(step, out var list))
                Steps[step] = list = [];
            list.Add(took.TotalMilliseconds);
        }
    }

    public void Failed(string message)
    {
        FailedCount++;
        // Messages can quote WeChat's rid or a request id; the first 300 characters are enough to tell them apart.
        var key = message.Length > 300 ? message[..300] + "…" : message;
        Errors[key] = Errors.TryGetValue(key, out var seen) ? seen + 1 : 1;
    }

    public static Tally Merge(IEnumerable<Tally> tallies)
    {
        var all = new Tally();
        foreach (var t in tallies)
        {
            all.Latencies.AddRange(t.Latencies);
            foreach (var (step, list) in t.Steps)
            {
                if (!all.Steps.TryGetValue(step, out var merged))
                    all.Steps[step] = merged = [];
                merged.AddRange(list);
            }
            foreach (var (message, count) in t.Errors)
                all.Errors[message] = all.Errors.TryGetValue(message, out var seen) ? seen + count : count;
            all.FailedCount += t.FailedCount;
        }
        return all;
    }
}
