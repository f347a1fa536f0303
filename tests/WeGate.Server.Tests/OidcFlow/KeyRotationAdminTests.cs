using System.Net;

namespace WeGate.Server.Tests.OidcFlow;

public abstract partial class OidcFlowContract
{
    [Fact]
    public async Task An_operator_rotates_a_pools_key_and_tokens_signed_before_stay_valid_while_new_ones_use_the_new_key()
    {
        var s = await SetupAsync("web", "ES256");
        var (code, verifier, browser) = await CodeAsync(s);
        using var owned = browser;
        var before = (await (await RedeemAsync(s, code, verifier)).JsonAsync()).GetProperty("access_token").GetString()!;
        var keys = await (await Server.Admin.GetAsync($"/admin/api/pools/{s.Pool}/signing-keys")).JsonAsync();
        var next = keys.EnumerateArray().Single(k => k.GetProperty("algorithm").GetString() == "ES256" && k.GetProperty("state").GetString() == "next").GetProperty("kid").GetString();
        Assert.DoesNotContain("private", keys.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"d\"", keys.ToString(), StringComparison.Ordinal);

        var rotated = await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{s.Pool}/signing-keys/rotate", new { algorithm = "ES256" })).JsonAsync();

        // The key published since the last rotation is the one that now signs.
        Assert.Equal(next, rotated.GetProperty("kid").GetString());
        Assert.True(rotated.GetProperty("previous_key_published_for_seconds").GetInt32() >= 3600);
        Assert.Equal(HttpStatusCode.OK, (await UserInfoAsync(s, before)).StatusCode);
        var (code2, verifier2, browser2) = await CodeAsync(s);
        using var owned2 = browser2;
        var after = (await (await RedeemAsync(s, code2, verifier2)).JsonAsync()).GetProperty("access_token").GetString()!;
        var header = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(Pad(after.Split('.')[0]))).RootElement;
        Assert.Equal(next, header.GetProperty("kid").GetString());
        await (await Server.Admin.PostJsonAsync($"/admin/api/pools/{s.Pool}/signing-keys/rotate", new { algorithm = "HS256" })).AssertProblemAsync(400, "algorithm");
    }

    private static string Pad(string b64url)
    {
        var s = b64url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
    }
}
