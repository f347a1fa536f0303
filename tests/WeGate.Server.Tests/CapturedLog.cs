using System.Collections.Concurrent;
using WeGate.Testing;

namespace WeGate.Server.Tests;

// Every log entry of a test server, so tests can assert that a refused request left no stack trace,
// or wait for what the server does in the background.
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private readonly ChangeSignal _written = new();

    public sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception);

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public IReadOnlyList<Entry> Errors => [.. _entries.Where(e => e.Level >= LogLevel.Error || e.Exception is not null)];

    // Entries written from now on.
    public int Mark() => _entries.Count;

    public IReadOnlyList<Entry> ErrorsSince(int mark) => [.. Entries.Skip(mark).Where(e => e.Level >= LogLevel.Error || e.Exception is not null)];

    // The first entry, already written or still to come, that matches; fails after `within`.
    public async Task<Entry> WaitForAsync(Func<Entry, bool> match, TimeSpan within)
    {
        await _written.UntilAsync(() => _entries.Any(match), within);
        return _entries.First(match);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(Entry entry)
    {
        _entries.Enqueue(entry);
        _written.Changed();
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Add(new Entry(logLevel, category, formatter(state, exception), exception));
    }
}
