using System.Net;
using System.Text;

namespace WeGate.Sandbox.Tests;

public sealed class ControlApiTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Theory]
    [InlineData("{}")]
    [InlineData("{\"type\":\"weibo\"}")]
    [InlineData("not json")]
    public async Task An_app_without_a_valid_type_is_refused_rather_than_defaulting_to_an_official_account(string body)
    {
        using var response = await host.Http().PostAsync(new Uri(host.Root, "control/apps"), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("official-account, website, mobile or miniprogram", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
