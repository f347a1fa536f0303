namespace WeGate.Bench;

// One kind of whole login, as a virtual user performs it again and again. Only LoginAsync is timed.
internal interface ILoginScenario
{
    // "miniprogram" or "oa-follow": the connection type (docs/logins.md).
    string Name { get; }

    // What one login is, for the report.
    string Description { get; }

    // Before the clock starts: checks the demo is there and gives every virtual user its persona.
    Task PrepareAsync(int users, CancellationToken ct);

    // Between two logins of one user, untimed (a persona that must be replaced, say).
    Task BeforeLoginAsync(int user, CancellationToken ct);

    // One whole login; throws LoginFailure (or an HTTP error) when it does not end in tokens.
    Task LoginAsync(int user, LoginSteps steps, CancellationToken ct);
}
