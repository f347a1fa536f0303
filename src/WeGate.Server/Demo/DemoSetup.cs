using System.Net.Http.Json;
using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;
using WeGate.Core.Users;
using WeGate.Server.Hosting;
using WeGate.Server.Login.Password;
using MessageMode = WeGate.WeChat.Messages.MessageMode;

namespace WeGate.Server.Demo;

// Development's demo, prepared once WeGate listens: the sandbox gets the demo apps and personas through
// its own control API, and the pool `default` gets one connection of each type plus the demo
// application, a second website connection that asks to bind with its application demo-bind, and the
// demo's accounts — created when missing, never overwritten, so an operator's changes survive a restart.
internal sealed class DemoSetup(IHttpClientFactory http, IConnectionStore connections, IApplicationStore applications, IUserStore users, LocalAccounts passwords,
    WeGateOptions options, ILogger<DemoSetup> logger)
{
    public async Task PrepareAsync(Uri self, CancellationToken ct)
    {
        var host = self.Authority;
        var sandbox = new SandboxControlClient(http.CreateClient(), new Uri(self, options.Sandbox.Prefix.TrimEnd('/') + "/"));
        await CreateSandboxAppsAsync(sandbox, self, host, ct);
        foreach (var persona in DemoWorld.Personas)
            await sandbox.CreatePersonaAsync(new Persona(persona.Id) { Nickname = persona.Nickname, Phone = persona.Phone, Snapshot = persona.Id == "snapshot" }, ct);

        foreach (var c in DemoWorld.Connections.Append(DemoWorld.BindConnection))
        {
            if (await connections.GetAsync(DemoWorld.Pool, c.Slug, ct) is not null)
                continue;
            var connection = new Connection
            {
                Pool = DemoWorld.Pool, Slug = c.Slug, Type = c.Type, DisplayName = c.DisplayName, AppId = c.AppId,
                Settings = c.Settings, BindingPolicy = c.BindingPolicy,
            };
            var oa = c.Type == ConnectionType.OfficialAccountFollow;
            await connections.CreateAsync(connection, new ConnectionSecrets
            {
                AppSecret = DemoWorld.Secret, Token = oa ? DemoWorld.Token : null, EncodingAesKey = oa ? DemoWorld.EncodingAesKey : null,
            }, ct);
        }

        await CreateApplicationAsync(self, DemoWorld.ClientId, "WeGate demo", DemoWorld.Connections.Select(c => c.Slug).ToList(), ct);
        await CreateApplicationAsync(self, DemoWorld.BindClientId, "WeGate demo (ask to bind)", [DemoWorld.BindConnection.Slug], ct, DemoWorld.BindBranding);
        await new DemoAccounts(users, passwords).PrepareAsync(sandbox, ct);
        logger.LogInformation("Development demo ready: {Demo} (virtual phone {Phone})", new Uri(self, "/demo"), new Uri(self, options.Sandbox.Prefix.TrimEnd('/') + "/phone"));
    }

    private async Task CreateApplicationAsync(Uri self, string clientId, string displayName, List<string> slugs, CancellationToken ct, Branding? branding = null)
    {
        var callback = new Uri(self, "/demo/callback").ToString();
        if (await applications.GetAsync(DemoWorld.Pool, clientId, ct) is { } existing)
        {
            // WeGate started at another address than before (another port): the demo follows it.
            if (!existing.RedirectUris.Contains(callback, StringComparer.Ordinal))
                await applications.UpdateAsync(existing with { RedirectUris = [callback], PostLogoutRedirectUris = [new Uri(self, "/demo").ToString()] }, ct);
            return;
        }
        // A public client: the demo page proves possession with PKCE and keeps no secret.
        await applications.CreateAsync(new Application
        {
            Pool = DemoWorld.Pool, ClientId = clientId, DisplayName = displayName, Type = ApplicationType.Spa,
            RedirectUris = [callback], PostLogoutRedirectUris = [new Uri(self, "/demo").ToString()],
            Grants = [GrantType.AuthorizationCode, GrantType.RefreshToken, GrantType.TokenExchange],
            Connections = slugs, Branding = branding ?? Branding.None,
        }, null, ct);
    }

    private static async Task CreateSandboxAppsAsync(SandboxControlClient sandbox, Uri self, string host, CancellationToken ct)
    {
        await sandbox.CreateAppAsync(new CreateAppRequest(SandboxAppType.OfficialAccount)
        {
            AppId = DemoWorld.OfficialAccountAppId, Secret = DemoWorld.Secret, OpenPlatformAccount = DemoWorld.OpenPlatform,
            OriginalId = DemoWorld.OfficialAccountOriginalId, Token = DemoWorld.Token, EncodingAesKey = DemoWorld.EncodingAesKey,
            MessageMode = MessageMode.Safe, CallbackDomain = host,
            ServerUrl = new Uri(self, $"/pools/{DemoWorld.Pool}/login/oa-follow/wx-follow/callback").ToString(),
        }, ct);
        await sandbox.CreateAppAsync(new CreateAppRequest(SandboxAppType.Website)
        {
            AppId = DemoWorld.WebsiteAppId, Secret = DemoWorld.Secret, OpenPlatformAccount = DemoWorld.OpenPlatform, CallbackDomain = host,
        }, ct);
        await sandbox.CreateAppAsync(new CreateAppRequest(SandboxAppType.MiniProgram)
        {
            AppId = DemoWorld.MiniProgramAppId, Secret = DemoWorld.Secret, OpenPlatformAccount = DemoWorld.OpenPlatform, OriginalId = DemoWorld.MiniProgramOriginalId,
            LoginUrl = new Uri(self, $"/pools/{DemoWorld.Pool}/login/mp-qr").ToString(),
        }, ct);
        await sandbox.CreateAppAsync(new CreateAppRequest(SandboxAppType.Mobile)
        {
            AppId = DemoWorld.MobileAppId, Secret = DemoWorld.Secret, OpenPlatformAccount = DemoWorld.OpenPlatform,
        }, ct);
    }
}
