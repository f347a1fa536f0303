using System.Collections.Concurrent;
using System.Text.Json;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;
using WeGate.Server.Tests.OidcFlow;

namespace WeGate.Server.Tests.Durability;

// A login the server acknowledged: 200 with tokens, whose access token names the account; AppId is the
// WeChat app the persona came through.
public sealed record AcknowledgedLogin(int Index, string PersonaId, string AppId, string Subject, string RefreshToken);

// What the server answered with anything but 2xx, and logins that broke off before the kill (both
// should never happen); logins broken off by the kill; logins never started because of it.
public sealed record LoadOutcome(IReadOnlyList<AcknowledgedLogin> Acknowledged, IReadOnlyList<string> Refused,
    IReadOnlyList<string> BrokenBeforeKill, int BrokenByKill, int InFlightAtKill, int NotStarted);

// Whole logins against the demo of a Development WeGate. Even logins are a new person's first, in the
// mini program (flow 5, docs/oidc.md#wechat-logins-by-token-exchange: the sandbox issues a wx.login code,
// the demo application exchanges it for tokens), which creates the account. Odd ones are a returning
// person's, who signed in about 100 logins before: in the mini program again, or, one in two, through a
// code flow signed in by WeChat inside WeChat's browser (OfficialAccountWebLogin), which attaches the
// official account's openid to the account found by unionid. No persona comes near WeChat's 100
// jscode2session calls a minute.
public sealed class LoginLoad(HttpClient http)
{
    public const string MiniProgramAppId = "wxde000000000000c3";
    private const string Scope = "openid profile phone wechat";
    private const string TokenPath = "/pools/default/oauth2/token";

    private readonly SandboxControlClient _sandbox = new(http, new Uri(http.BaseAddress!, "/sandbox/"));
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public string PersonaOf(int login) => $"durable-{_run}-{(login % 2 == 0 ? login / 2 : Math.Max(0, login / 2 - 50))}";

    public static string AppOf(int login) => login % 4 == 3 && login >= 100 ? OfficialAccountWebLogin.AppId : MiniProgramAppId;

    // The personas of `logins` logins, with the openid and unionid WeChat gives each in both demo apps.
    public async Task<IReadOnlyDictionary<(string Persona, string AppId), PersonaIdentity>> PreparePersonasAsync(int logins, int concurrency)
    {
        var identities = new ConcurrentDictionary<(string, string), PersonaIdentity>();
        await Parallel.ForEachAsync(Enumerable.Range(0, logins).Where(i => i % 2 == 0), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (login, ct) =>
            {
                var persona = await _sandbox.CreatePersonaAsync(new Persona(PersonaOf(login)) { Nickname = $"Durable {login / 2}" }, ct);
                foreach (var app in new[] { MiniProgramAppId, OfficialAccountWebLogin.AppId })
                    identities[(persona.Id, app)] = await _sandbox.IdentityAsync(app, persona.Id, ct);
            });
        return identities;
    }

    // Runs the logins, `concurrency` at a time, and calls `kill` as the `killAt`-th acknowledgement
    // arrives; logins not yet started then never start.
    public async Task<LoadOutcome> RunAsync(int logins, int concurrency, int killAt, Action kill)
    {
        var acknowledged = new ConcurrentBag<AcknowledgedLogin>();
        var refused = new ConcurrentBag<string>();
        var brokenBeforeKill = new ConcurrentBag<string>();
        int killed = 0, acknowledgements = 0, inFlight = 0, inFlightAtKill = 0, brokenByKill = 0, notStarted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, logins), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (login, ct) =>
        {
            if (Volatile.Read(ref killed) == 1)
            {
                Interlocked.Increment(ref notStarted);
                return;
            }
            Interlocked.Increment(ref inFlight);
            try
            {
                var (answer, ack) = await LoginAsync(login, ct);
                if (ack is null)
                {
                    refused.Add($"login {login}: {answer}");
                    return;
                }
                acknowledged.Add(ack);
                if (Interlocked.Increment(ref acknowledgements) == killAt)
                {
                    Volatile.Write(ref killed, 1);
                    inFlightAtKill = Volatile.Read(ref inFlight) - 1;
                    kill();
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (Volatile.Read(ref killed) == 1)
                    Interlocked.Increment(ref brokenByKill);
                else
                    brokenBeforeKill.Add($"login {login}: {e.Message}");
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        });
        return new LoadOutcome([.. acknowledged.OrderBy(a => a.Index)], [.. refused], [.. brokenBeforeKill], brokenByKill, inFlightAtKill, notStarted);
    }

    private async Task<(string Answer, AcknowledgedLogin? Ack)> LoginAsync(int login, CancellationToken ct)
    {
        var persona = PersonaOf(login);
        var app = AppOf(login);
        var (tokens, answer) = app == MiniProgramAppId
            ? await MiniProgramAsync(persona, ct)
            : await OfficialAccountWebLogin.SignInAsync(http.BaseAddress!, persona, Scope);
        if (tokens is not { } t)
            return (answer, null);
        var subject = CompactJwt.Payload(t.GetProperty("access_token").GetString()!).GetProperty("sub").GetString()!;
        return (answer, new AcknowledgedLogin(login, persona, app, subject, t.GetProperty("refresh_token").GetString()!));
    }

    private async Task<(JsonElement? Tokens, string Answer)> MiniProgramAsync(string persona, CancellationToken ct)
    {
        var code = await _sandbox.IssueJsCodeAsync(MiniProgramAppId, persona, ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["client_id"] = "demo",
            ["subject_token_type"] = "urn:wegate:params:oauth:token-type:wechat-miniprogram-code", ["subject_token"] = code.Code, ["scope"] = Scope,
        });
        using var response = await http.PostAsync(TokenPath, form, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode ? (JsonDocument.Parse(body).RootElement.Clone(), body) : (null, $"{(int)response.StatusCode} {body}");
    }

    // POST grant_type=refresh_token (RFC 6749 §6): the subject of the new access token, or the answer.
    public async Task<(string? Subject, string Answer)> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = "demo", ["refresh_token"] = refreshToken,
        });
        using var response = await http.PostAsync(TokenPath, form, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            return (null, $"{(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        var access = json.RootElement.GetProperty("access_token").GetString()!;
        return (CompactJwt.Payload(access).GetProperty("sub").GetString(), body);
    }
}
