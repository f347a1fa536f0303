using WeGate.Core.Webhooks;
using WeGate.Server.Webhooks;

namespace WeGate.Server.Tests.Webhooks;

// The address check at every attempt (docs/operations.md#where-wegate-may-send): a name that resolves to
// this machine is refused when private networks are not allowed, whatever the URL looked like when saved.
public sealed class WebhookAddressTests
{
    [Fact]
    public async Task An_attempt_to_a_name_resolving_to_a_private_address_is_refused_before_connecting_unless_allowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var byName = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        using var strict = new HttpMessageInvoker(WebhookSender.Handler(new WebhookPolicy(RequireHttps: false, AllowPrivateNetworks: false)));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => strict.SendAsync(new HttpRequestMessage(HttpMethod.Post, byName), CancellationToken.None));
        Assert.Contains("resolves to a private address", refused.InnerException?.Message ?? refused.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);

        using var open = new HttpMessageInvoker(WebhookSender.Handler(new WebhookPolicy(RequireHttps: false, AllowPrivateNetworks: true)));
        using var answered = await open.SendAsync(new HttpRequestMessage(HttpMethod.Post, byName) { Content = new StringContent("{}") }, CancellationToken.None);
        Assert.Equal(200, (int)answered.StatusCode);
        Assert.Single(receiver.Received);
    }
}
