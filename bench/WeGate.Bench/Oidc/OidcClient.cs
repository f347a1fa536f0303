using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WeGate.Bench.Oidc;

// A plain OpenID Connect client of any provider, found through its discovery document: a confidential
// client (client_secret_basic, RFC 6749 §2.3.1) with a registered redirect URI that is never served
// (the code is read from the redirect's Location). The front channel of a code flow is the provider's
// own: `interaction` walks it from the authorization answer to the redirect back.
internal sealed class OidcClient(HttpClient http, Uri issuer, string clientId, string clientSecret, IFrontChannel interaction)
{
    public const string RedirectUri = "http://127.0.0.1/cb";

    private readonly AuthenticationHeaderValue _basic = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
        $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}")));

    private Uri? _authorize;
    private Uri? _token;

    public async Task DiscoverAsync(CancellationToken ct)
    {
        using var response = await http.GetAsync(issuer.ToString().TrimEnd('/') + "/.well-known/openid-configuration", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new LoginFailure($"discovery at {issuer}: {BenchHttp.Describe(response, body)}");
        using var json = JsonDocument.Parse(body);
        _authorize = new Uri(json.RootElement.GetProperty("authorization_endpoint").GetString()!);
        _token = new Uri(json.RootElement.GetProperty("token_endpoint").GetString()!);
    }

    // A token request; the answer's JSON when it is 200 with an access token.
    public async Task<JsonElement> TokenAsync(Dictionary<string, string> form, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _token) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = _basic;
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new LoginFailure(BenchHttp.Describe(response, body));
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("access_token", out _) ? json.RootElement.Clone() : throw new LoginFailure("200 without an access_token");
    }

    // The authorization code flow with PKCE S256 (RFC 7636) in a new browser (no cookies yet), without
    // prompt=consent: the tokens, with an ID token carrying this flow's nonce.
    public async Task<JsonElement> CodeFlowAsync(LoginSteps steps, CancellationToken ct)
    {
        var verifier = Random();
        var (state, nonce) = (Random(), Random());
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = clientId, ["response_type"] = "code", ["redirect_uri"] = RedirectUri, ["scope"] = "openid",
            ["state"] = state, ["nonce"] = nonce, ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

        steps.Start("front channel");
        var browser = new Browser(http, interaction.UserAgent);
        var authorize = new Uri($"{_authorize}{(_authorize!.Query.Length > 0 ? '&' : '?')}{query}");
        var callback = await interaction.WalkAsync(browser, authorize, await browser.GetAsync(authorize, ct), ct);
        if (Param(callback, "state") != state || Param(callback, "code") is not { } code)
            throw new LoginFailure($"the redirect back has no code for this state: {callback.GetLeftPart(UriPartial.Path)}?{Param(callback, "error")}");

        steps.Start("token request");
        var tokens = await TokenAsync(new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri, ["code_verifier"] = verifier,
        }, ct);
        if (!tokens.TryGetProperty("id_token", out var idToken) || !Encoding.UTF8.GetString(Base64Url.DecodeFromChars(idToken.GetString()!.Split('.')[1])).Contains(nonce, StringComparison.Ordinal))
            throw new LoginFailure("the ID token is missing or does not carry this flow's nonce");
        return tokens;
    }

    private static string? Param(Uri uri, string name) =>
        uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == name) is { Length: 2 } p ? Uri.UnescapeDataString(p[1]) : null;

    private static string Random() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
