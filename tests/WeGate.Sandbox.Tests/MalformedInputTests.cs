using System.Net;
using System.Net.Http.Json;
using System.Text;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Tests;

// Inputs that break only several steps later, out of reach of the random fuzzer (FuzzTests).
public sealed class MalformedInputTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    public async Task A_persona_with_a_country_code_that_is_not_digits_is_refused_at_creation(string countryCode)
    {
        using var response = await host.Http().PostAsJsonAsync(new Uri(host.Root, "control/personas"),
            new { id = "cc-" + Guid.NewGuid().ToString("N")[..8], phone = "13800138000", phoneCountryCode = countryCode });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("phoneCountryCode", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wxacode_page_too_long_for_a_qr_code_is_an_errcode()
    {
        var app = await host.AppAsync(SandboxAppType.MiniProgram);
        var token = (await host.Client().GetAccessTokenAsync(app.AppId, app.Secret)).AccessToken;

        using var response = await host.Http().PostAsync(new Uri(host.Root, "api/wxa/getwxacodeunlimit?access_token=" + Uri.EscapeDataString(token)),
            new StringContent($$"""{"scene":"s","page":"{{new string('p', 5000)}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"errcode\":41030", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_uri_with_a_line_break_is_not_a_server_error()
    {
        var app = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.OfficialAccount) { CallbackDomain = "localhost:3000" });
        var persona = await host.PersonaAsync();
        var redirect = Uri.EscapeDataString("http://localhost:3000/cb\r\nX-Injected: 1");

        using var response = await host.NoRedirectHttp().GetAsync(new Uri(host.Root,
            $"open/connect/oauth2/authorize?appid={app.AppId}&redirect_uri={redirect}&response_type=code&scope=snsapi_base&state=s&sandbox_persona={persona.Id}"));

        Assert.True((int)response.StatusCode < 500, $"HTTP {(int)response.StatusCode}");
        Assert.False(response.Headers.Contains("X-Injected"));
    }
}
