namespace WeGate.Bench;

// The steps of one login and how long each took, so a slow login says where its time went. A step runs
// from its Start to the next Start (or End); Current names the step a failure happened in.
internal sealed class LoginSteps(TimeProvider clock)
{
    private readonly long _began = clock.GetTimestamp();
    private long _stepBegan;
    private readonly List<(string Step, TimeSpan Took)> _done = [];

    public string Current { get; private set; } = "start";

    public IReadOnlyList<(string Step, TimeSpan Took)> Done => _done;

    public TimeSpan Total { get; private set; }

    public void Start(string step)
    {
        var now = clock.GetTimestamp();
        if (_stepBegan != 0)
            _done.Add((Current, clock.GetElapsedTime(_stepBegan, now)));
        _stepBegan = now;
        Current = step;
    }

    public void End()
    {
        Start("done");
        Total = clock.GetElapsedTime(_began);
    }
}
