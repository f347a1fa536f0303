using System.Net;
using System.Net.Sockets;

namespace WeGate.Sandbox.Push;

// The HTTP clients that fetch official-account server URLs: no proxy, no cookies, no redirects (a
// redirect is the server's answer, never a second request elsewhere), and every connection checked
// against the ServerUrlRule when it is made, so that a name that passed at registration and now
// resolves elsewhere (a DNS change) reaches nothing it should not.
internal sealed class ServerHttp(ServerUrlRule rule) : IDisposable
{
    private readonly SocketsHttpHandler _handler = new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(rule, context.DnsEndPoint, cancellationToken),
    };

    public HttpClient CreateClient() => new(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

    public void Dispose() => _handler.Dispose();

    private static async ValueTask<Stream> ConnectAsync(ServerUrlRule rule, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var host = endPoint.Host.Trim('[', ']');
        var reach = rule.ReachOf(host);
        if (reach == ServerUrlRule.Reach.Refused)
        {
            throw new HttpRequestException(rule.Problem($"http://{endPoint.Host}/"));
        }

        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var usable = reach == ServerUrlRule.Reach.LoopbackOnly ? addresses.Where(ServerUrlRule.IsLoopback).ToArray() : addresses;
        if (usable.Length == 0)
        {
            throw new HttpRequestException($"{host} resolves to no loopback address; the sandbox does not push there.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
