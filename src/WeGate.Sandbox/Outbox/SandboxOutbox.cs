namespace WeGate.Sandbox.Outbox;

public sealed record OutboxMessage(string Id, string Channel, string To, string? Subject, string Body, DateTimeOffset SentAt)
{
    public const string Sms = "sms";
    public const string Email = "email";
}

// Where SMS and email go when the sandbox is mounted: WeGate's one-time codes land here instead of on a
// real phone or mailbox, for the virtual phone to show and tests to read through the control API. In
// memory and bounded: the oldest messages go first. A host that sends messages registers one
// SandboxOutbox as a service; MapWeChatSandbox then serves that one.
public sealed class SandboxOutbox(TimeProvider time, int capacity = SandboxOutbox.DefaultCapacity)
{
    public const int DefaultCapacity = 200;

    private readonly LinkedList<OutboxMessage> _messages = new();
    private long _sequence;

    public OutboxMessage Add(string channel, string to, string? subject, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(to);
        ArgumentNullException.ThrowIfNull(body);
        var message = new OutboxMessage("m" + Interlocked.Increment(ref _sequence), channel, to, subject, body, time.GetUtcNow());
        lock (_messages)
        {
            _messages.AddLast(message);
            while (_messages.Count > Math.Max(1, capacity))
                _messages.RemoveFirst();
        }
        return message;
    }

    // In the order they were sent. `to` matches a phone number with or without its "+" (a "+" in a query
    // string arrives as a space) and an address in any case.
    public IReadOnlyList<OutboxMessage> List(string? to = null, string? channel = null)
    {
        lock (_messages)
            return [.. _messages.Where(m => Matches(m, to, channel))];
    }

    public int Clear(string? to = null, string? channel = null)
    {
        lock (_messages)
        {
            var removed = 0;
            for (var node = _messages.First; node is not null;)
            {
                var next = node.Next;
                if (Matches(node.Value, to, channel))
                {
                    _messages.Remove(node);
                    removed++;
                }
                node = next;
            }
            return removed;
        }
    }

    private static bool Matches(OutboxMessage message, string? to, string? channel) =>
        (string.IsNullOrWhiteSpace(channel) || string.Equals(message.Channel, channel.Trim(), StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrWhiteSpace(to) || string.Equals(Bare(message.To), Bare(to), StringComparison.OrdinalIgnoreCase));

    private static string Bare(string address) => address.Trim().TrimStart('+');
}
