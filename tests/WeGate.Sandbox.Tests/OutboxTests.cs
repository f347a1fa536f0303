using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Outbox;

namespace WeGate.Sandbox.Tests;

// The SMS and email outbox: what a host sends lands in its SandboxOutbox service, which the control API
// and the virtual phone show.
public sealed class OutboxTests : IAsyncLifetime
{
    private readonly SandboxOutbox _outbox = new(TimeProvider.System);
    private WebApplication? _app;
    private Uri _root = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton(_outbox);
        _app = builder.Build();
        _app.MapWeChatSandbox("/sandbox");
        await _app.StartAsync();
        _root = new Uri(_app.Urls.First().TrimEnd('/') + "/sandbox/");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    [Fact]
    public async Task Messages_the_host_sends_are_listed_by_recipient_and_cleared_through_the_control_api()
    {
        using var http = new HttpClient();
        var control = new SandboxControlClient(http, _root);
        _outbox.Add(OutboxMessage.Sms, "+8613800138000", null, "【WeGate】验证码 123456");
        _outbox.Add(OutboxMessage.Email, "mei@example.com", "WeGate 验证码", "Your verification code is 654321.");
        _outbox.Add(OutboxMessage.Sms, "+8613900139000", null, "【WeGate】验证码 111111");

        var toMei = await control.OutboxAsync("+8613800138000");
        var sms = Assert.Single(toMei);
        Assert.Equal(("sms", "+8613800138000", "【WeGate】验证码 123456"), (sms.Channel, sms.To, sms.Body));
        // An unencoded "+" in a query string arrives as a space: still the same number.
        var raw = await http.GetStringAsync(new Uri(_root, "control/outbox?to=+8613800138000"));
        Assert.Contains("\"to\":\"+8613800138000\"", raw.Replace("\\u002B", "+", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("WeGate 验证码", Assert.Single(await control.OutboxAsync("MEI@example.com")).Subject);
        Assert.Equal(3, (await control.OutboxAsync()).Count);

        await control.ClearOutboxAsync("+8613800138000");
        Assert.Empty(await control.OutboxAsync("+8613800138000"));
        Assert.Equal(2, (await control.OutboxAsync()).Count);
        using var cleared = await http.DeleteAsync(new Uri(_root, "control/outbox"));
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(await control.OutboxAsync());
    }

    [Fact]
    public async Task The_outbox_keeps_only_its_newest_messages_and_the_phone_has_a_place_for_them()
    {
        var small = new SandboxOutbox(TimeProvider.System, capacity: 3);
        for (var i = 1; i <= 5; i++)
            small.Add(OutboxMessage.Sms, "+8613800138000", null, "message " + i);
        Assert.Equal(["message 3", "message 4", "message 5"], small.List().Select(m => m.Body));

        using var http = new HttpClient();
        Assert.Contains("id=\"outbox\"", await http.GetStringAsync(new Uri(_root, "phone")), StringComparison.Ordinal);
        Assert.Contains("'outbox'", await http.GetStringAsync(new Uri(_root, "phone/phone.js")), StringComparison.Ordinal);
    }
}
