using System.Net.Http.Headers;
using System.Text.Json;
using WeGate.Server.Oidc;

namespace WeGate.Server.Demo;

// Why the demo could not sign the person in, as a sentence a person reads: what went wrong, WeGate's
// description and, when there is one, the OAuth error code (docs/oidc.md#errors).
// `Next` says what to do about it.
internal sealed record DemoRefusal(string Lead, string Description, string? Error = null, string? Next = null)
{
    public string Sentence
    {
        get
        {
            var description = Description.Trim();
            return description.Length == 0 || description[^1] is '.' or '!' or '?' or '。' ? $"{Lead} {description}" : $"{Lead} {description}.";
        }
    }
}

// The demo's back end at WeGate's token and userinfo endpoints, over real HTTP as any client would.
internal static class DemoTokens
{
    // Kept in a cookie, so only what the page shows: the claims, and the ID token as the logout hint.
    public sealed record SignedIn(string How, string? IdToken, JsonElement Claims)
    {
        // The ID token's amr: which WeChat login it was (docs/oidc.md#tokens). The demo got the token
        // straight from WeGate's token endpoint, so it reads it without checking the signature (OIDC
        // Core §3.1.3.7 allows that for a token received directly from the token endpoint).
        public string? Amr
        {
            get
            {
                if (IdToken?.Split('.') is not [_, var payload, _])
                    return null;
                try
                {
                    using var json = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(payload));
                    return json.RootElement.TryGetProperty("amr", out var amr) && amr.ValueKind == JsonValueKind.Array
                        ? string.Join(' ', amr.EnumerateArray().Select(m => m.GetString())) : null;
                }
                catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
                {
                    return null;
                }
            }
        }
    }

    public static async Task<(JsonElement Tokens, DemoRefusal? Refusal)> RequestAsync(HttpContext http, IHttpClientFactory clients, Issuer issuer, Dictionary<string, string> fields)
    {
        using var client = clients.CreateClient();
        using var response = await client.PostAsync(issuer.Endpoint(DemoWorld.Pool, "oauth2/token"), new FormUrlEncodedContent(fields), http.RequestAborted);
        var body = await response.Content.ReadAsStringAsync(http.RequestAborted);
        var json = TryParse(body);
        if (response.IsSuccessStatusCode && json is { } tokens)
            return (tokens, null);
        return (default, Refusal("WeGate refused the sign-in:", json, $"its token endpoint answered HTTP {(int)response.StatusCode} without an OAuth error"));
    }

    // The tokens' claims from userinfo, remembered for the demo page.
    public static async Task<IResult> SignInAsync(HttpContext http, IHttpClientFactory clients, Issuer issuer, string how, JsonElement tokens)
    {
        using var client = clients.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, issuer.Endpoint(DemoWorld.Pool, "oauth2/userinfo"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        using var userInfo = await client.SendAsync(request, http.RequestAborted);
        var claims = TryParse(await userInfo.Content.ReadAsStringAsync(http.RequestAborted));
        if (!userInfo.IsSuccessStatusCode || claims is null)
            return DemoPage.Problem(http, new DemoRefusal("WeGate's userinfo endpoint refused the new access token:", $"HTTP {(int)userInfo.StatusCode}"));
        var idToken = tokens.TryGetProperty("id_token", out var id) ? id.GetString() : null;
        DemoCookies.Write(http, "result", new SignedIn(how, idToken, claims.Value));
        return Results.Redirect("/demo");
    }

    public static async Task<IResult> FinishAsync(HttpContext http, IHttpClientFactory clients, Issuer issuer, string how, Dictionary<string, string> fields)
    {
        var (tokens, refusal) = await RequestAsync(http, clients, issuer, fields);
        return refusal is null ? await SignInAsync(http, clients, issuer, how, tokens) : DemoPage.Problem(http, refusal);
    }

    // An OAuth error answer ({"error", "error_description"}) as a refusal; `otherwise` when it is none.
    public static DemoRefusal Refusal(string lead, JsonElement? answer, string otherwise) =>
        answer is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
            ? new DemoRefusal(lead, json.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "", error.GetString())
            : new DemoRefusal(lead, otherwise);

    public static JsonElement? TryParse(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
