using System.CommandLine;
using System.Security.Cryptography;
using WeGate.Sandbox.Control;

namespace WeGate.Bench.Oidc;

// `wegate-bench oidc`: one driver for any OpenID provider on this machine — WeGate or the peer of
// bench/peer — so that both are measured by the same client (docs/performance.md#against-the-certified-peer).
// A warm-up of --warmup runs first and is not reported; then --duration is measured.
internal static class OidcCommand
{
    public static Command Create()
    {
        var command = new Command("oidc", "Plain OpenID Connect load on any provider on this machine: client credentials, rotating refresh or whole code flows, by N concurrent clients.");
        var issuer = new Option<string>("--issuer") { Description = "The provider's issuer (discovery at {issuer}/.well-known/openid-configuration); loopback only.", Required = true };
        var mode = new Option<string>("--mode") { Description = "cc, refresh or code.", Required = true };
        var clientId = new Option<string>("--client-id") { Description = "A confidential client with a redirect URI " + OidcClient.RedirectUri + ".", DefaultValueFactory = _ => "bench-client" };
        var secret = new Option<string>("--client-secret") { Description = "Its secret (client_secret_basic).", Required = true };
        var wechat = new Option<bool>("--wechat") { Description = "The code flow's login is WeGate's WeChat login inside WeChat's browser (oa-web) through the sandbox mounted at /sandbox." };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent clients, each doing one operation at a time.", DefaultValueFactory = _ => 16 };
        var duration = new Option<string>("--duration") { Description = "How long to measure.", DefaultValueFactory = _ => "20s" };
        var warmup = new Option<string>("--warmup") { Description = "How long to run first, unreported.", DefaultValueFactory = _ => "5s" };
        var serverPid = new Option<int?>("--server-pid") { Description = "The server's process: report its CPU per operation and memory." };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        foreach (var option in new Option[] { issuer, mode, clientId, secret, wechat, concurrency, duration, warmup, serverPid, json })
            command.Options.Add(option);

        command.SetAction(async (result, ct) =>
        {
            if (!Uri.TryCreate(result.GetValue(issuer), UriKind.Absolute, out var target))
                return await Usage.Refuse("wegate-bench oidc", $"--issuer is not an absolute URL: {result.GetValue(issuer)}");
            if (!BenchSettings.TryParseDuration(result.GetValue(duration), out var measured) || !BenchSettings.TryParseDuration(result.GetValue(warmup), out var warm))
                return await Usage.Refuse("wegate-bench oidc", "--duration and --warmup take durations like 20s, 1.5m or 500ms");
            var settings = new BenchSettings(target, 0, result.GetValue(concurrency), measured, null, 0, TimeSpan.FromSeconds(30), result.GetValue(json), result.GetValue(mode));
            if (settings.Problem() is { } problem)
                return await Usage.Refuse("wegate-bench oidc", problem);

            await using var services = BenchHttp.Services(target);
            var http = BenchHttp.Client(services);
            var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            var login = result.GetValue(wechat) ? new WeChatInAppLogin(new SandboxControlClient(http, new Uri(target, DemoTarget.SandboxPrefix)), run) : null;
            var client = new OidcClient(http, target, result.GetValue(clientId)!, result.GetValue(secret)!, (IFrontChannel?)login ?? new FollowRedirects());
            var operation = new OidcOperation(settings.Mode!, client, login);
            var pid = result.GetValue(serverPid);
            try
            {
                var idle = ServerSample.Read(pid);
                await operation.PrepareAsync(settings.Users, ct);
                if (warm > TimeSpan.Zero)
                    await new Runner(settings with { Duration = warm }, operation, TimeProvider.System).RunAsync(ct);
                var start = ServerSample.Read(pid);
                var figures = await new Runner(settings, operation, TimeProvider.System).RunAsync(ct);
                figures = figures with { Server = ServerFigures.Of(idle, start, ServerSample.Read(pid), figures.Succeeded, figures.Elapsed) };
                await Console.Out.WriteLineAsync(settings.Json ? figures.ToJson() : figures.ToText());
                return figures.Succeeded > 0 ? 0 : 1;
            }
            catch (Exception e) when (e is LoginFailure or HttpRequestException or IOException)
            {
                await Console.Error.WriteLineAsync($"wegate-bench oidc: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
