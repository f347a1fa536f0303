using Polly.Timeout;
using WeGate.Sandbox.Faults;
using WeGate.Sandbox.Registry;
using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

// Faults are global to a sandbox, so every test here clears them when it ends.
public sealed class FaultInjectionTests(SandboxHost host) : IClassFixture<SandboxHost>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await host.Control.ClearFaultsAsync();

    [Fact]
    public async Task System_error_on_a_token_fetch_is_retried_and_succeeds()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        await host.Control.SetFaultAsync(new SandboxFault("cgi-bin/token") { ErrCode = -1, Count = 1 });

        var token = await host.Client().GetAccessTokenAsync(app.AppId, app.Secret);

        var calls = (await host.Control.CallsAsync("cgi-bin/token")).Where(call => call.AppId == app.AppId).ToList();
        Assert.NotEmpty(token.AccessToken);
        Assert.Equal([-1, 0], calls.Select(call => call.ErrCode));
        Assert.True(calls[0].Faulted);
    }

    [Fact]
    public async Task System_error_on_a_code_exchange_is_not_retried_and_the_code_stays_usable()
    {
        var app = await host.AppAsync(SandboxAppType.Website);
        var persona = await host.PersonaAsync();
        var code = await host.Control.IssueOAuthCodeAsync(app.AppId, persona.Id);
        var client = host.Client();
        await host.Control.SetFaultAsync(new SandboxFault("sns/oauth2/access_token") { ErrCode = -1, Count = 1 });

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => client.ExchangeCodeAsync(app.AppId, app.Secret, code.Code));
        var calls = (await host.Control.CallsAsync("sns/oauth2/access_token")).Count(call => call.AppId == app.AppId);
        var token = await client.ExchangeCodeAsync(app.AppId, app.Secret, code.Code);

        Assert.Equal(-1, error.ErrCode);
        Assert.True(error.Error!.Retryable);
        Assert.Equal(1, calls);
        Assert.NotEmpty(token.OpenId);
    }

    [Fact]
    public async Task A_hanging_token_endpoint_times_out_and_the_retry_succeeds()
    {
        var app = await host.AppAsync(SandboxAppType.OfficialAccount);
        await host.Control.SetFaultAsync(new SandboxFault("cgi-bin/token") { Timeout = true, Count = 1 });

        var attempts = new Attempts { InnerHandler = new SocketsHttpHandler() };

        var token = await host.Client(timeout: TimeSpan.FromMilliseconds(300), through: attempts).GetAccessTokenAsync(app.AppId, app.Secret);

        Assert.NotEmpty(token.AccessToken);
        // The first attempt hung until the client's timeout gave up on it; the retry got the token.
        Assert.Equal(["gave up", "200"], attempts.Outcomes);
    }

    [Fact]
    public async Task A_slow_js_code_exchange_times_out_without_a_retry()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var persona = await host.PersonaAsync();
        var code = await host.Control.IssueJsCodeAsync(app.AppId, persona.Id);
        await host.Control.SetFaultAsync(new SandboxFault("sns/jscode2session") { LatencyMs = 2000 });

        await Assert.ThrowsAsync<TimeoutRejectedException>(() =>
            host.Client(timeout: TimeSpan.FromMilliseconds(200)).ExchangeJsCodeAsync(app.AppId, app.Secret, code.Code));
        await host.Control.ClearFaultsAsync("sns/jscode2session");
        var session = await host.Client().ExchangeJsCodeAsync(app.AppId, app.Secret, code.Code);

        Assert.NotEmpty(session.OpenId);
    }

    [Fact]
    public async Task A_fault_without_a_count_lasts_until_cleared()
    {
        var app = await host.AppAsync(SandboxAppType.Website);
        var persona = await host.PersonaAsync();
        var client = host.Client();
        var token = await client.ExchangeCodeAsync(app.AppId, app.Secret, (await host.Control.IssueOAuthCodeAsync(app.AppId, persona.Id)).Code);
        await host.Control.SetFaultAsync(new SandboxFault("sns/userinfo") { ErrCode = 50001 });

        var first = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetSnsUserInfoAsync(token.AccessToken, token.OpenId));
        var second = await Assert.ThrowsAsync<WeChatApiException>(() => client.GetSnsUserInfoAsync(token.AccessToken, token.OpenId));
        await host.Control.ClearFaultsAsync("sns/userinfo");
        var profile = await client.GetSnsUserInfoAsync(token.AccessToken, token.OpenId);

        Assert.Equal(50001, first.ErrCode);
        Assert.Equal(50001, second.ErrCode);
        Assert.Equal(token.OpenId, profile.OpenId);
    }

    // How each HTTP attempt of a client ended: its status code, or "gave up" when the client cancelled it.
    private sealed class Attempts : DelegatingHandler
    {
        public List<string> Outcomes { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return response;
            }
            catch (OperationCanceledException)
            {
                Add("gave up");
                throw;
            }
        }

        private void Add(string outcome)
        {
            lock (Outcomes)
                Outcomes.Add(outcome);
        }
    }
}
