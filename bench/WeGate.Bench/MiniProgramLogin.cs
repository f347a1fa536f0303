using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;

namespace WeGate.Bench;

// Flow 5 (docs/logins.md): the mini program's wx.login code, issued by the sandbox for the user's
// persona, exchanged at the token endpoint (RFC 8693, docs/oidc.md). One login is both calls, as a mini
// program makes them one after the other.
internal sealed class MiniProgramLogin(HttpClient http, SandboxControlClient sandbox, string run) : ILoginScenario
{
    // The sandbox keeps WeChat's jscode2session limit of 100 calls a minute per person (45011,
    // docs/wechat-contract.md#mini-program-login). Nobody signs in that often, so a virtual user moves on to a new persona (a new
    // person, whose first login creates an account) before reaching it.
    private const int LoginsPerPersona = 90;

    private string[] _personas = [];
    private int[] _uses = [];
    private int[] _generation = [];

    public string Name => "miniprogram";

    public string Description => "flow 5: wx.login code from the sandbox → token exchange at the token endpoint";

    public async Task PrepareAsync(int users, CancellationToken ct)
    {
        var apps = await sandbox.ListAppsAsync(ct);
        if (!apps.Any(a => a.AppId == DemoTarget.MiniProgramAppId))
            throw new LoginFailure($"The sandbox has no demo mini program {DemoTarget.MiniProgramAppId}: run WeGate in Development with the sandbox and the demo (README.md)");
        _personas = new string[users];
        _uses = new int[users];
        _generation = new int[users];
        for (var user = 0; user < users; user++)
            _personas[user] = await NewPersonaAsync(user, ct);
    }

    public async Task BeforeLoginAsync(int user, CancellationToken ct)
    {
        if (++_uses[user] > LoginsPerPersona)
        {
            _personas[user] = await NewPersonaAsync(user, ct);
            _uses[user] = 1;
        }
    }

    public async Task LoginAsync(int user, LoginSteps steps, CancellationToken ct)
    {
        steps.Start("wx.login code");
        var code = await sandbox.IssueJsCodeAsync(DemoTarget.MiniProgramAppId, _personas[user], ct);

        steps.Start("token exchange");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = DemoTarget.TokenExchange, ["client_id"] = DemoTarget.ClientId,
            ["subject_token_type"] = DemoTarget.MiniProgramCodeType, ["subject_token"] = code.Code, ["scope"] = DemoTarget.Scope,
        });
        using var response = await http.PostAsync(DemoTarget.TokenPath, form, ct);
        await BenchHttp.AccessTokenAsync(response, ct);
    }

    private async Task<string> NewPersonaAsync(int user, CancellationToken ct)
    {
        var id = $"bench-{run}-mp{user}-{_generation[user]++}";
        await sandbox.CreatePersonaAsync(new Persona(id) { Nickname = $"Bench {user}" }, ct);
        return id;
    }
}
