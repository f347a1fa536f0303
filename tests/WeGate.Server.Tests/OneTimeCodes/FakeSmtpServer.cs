using System.Net;
using System.Net.Sockets;
using System.Text;
using WeGate.Testing;

namespace WeGate.Server.Tests.OneTimeCodes;

// Just enough of an SMTP server (RFC 5321, no TLS, no AUTH) to receive what WeGate sends.
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ChangeSignal _received = new();

    public FakeSmtpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public List<(string From, string To, string Data)> Received { get; } = [];

    // Until at least `count` messages have arrived.
    public Task ReceivedAsync(int count) => _received.UntilAsync(() =>
    {
        lock (Received)
            return Received.Count >= count;
    }, TimeSpan.FromSeconds(10));

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 fake-smtp ready");
            string from = "", to = "";
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                if (verb == "EHLO")
                    await writer.WriteLineAsync("250 fake-smtp");
                else if (verb == "MAIL")
                    (from, _) = (line, await Reply(writer, "250 OK"));
                else if (verb == "RCPT")
                    (to, _) = (line, await Reply(writer, "250 OK"));
                else if (verb == "DATA")
                {
                    await writer.WriteLineAsync("354 go on");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } d && d != ".")
                        data.Append(d).Append("\r\n");
                    lock (Received)
                        Received.Add((from, to, data.ToString()));
                    _received.Changed();
                    await writer.WriteLineAsync("250 queued");
                }
                else if (verb == "QUIT")
                {
                    await writer.WriteLineAsync("221 bye");
                    break;
                }
                else
                    await writer.WriteLineAsync("250 OK");
            }
        }
    }

    private static async Task<bool> Reply(StreamWriter writer, string line)
    {
        await writer.WriteLineAsync(line);
        return true;
    }

    // The message's text body, decoded from base64 when SmtpClient chose it (it does for UTF-8 text).
    public static string Body(string data)
    {
        var split = data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = data[(split + 4)..];
        return data.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "", StringComparison.Ordinal)))
            : body;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        _stop.Dispose();
    }
}
