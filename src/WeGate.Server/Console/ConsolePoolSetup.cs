using WeGate.Core.Admin;
using WeGate.Core.Applications;
using WeGate.Core.Pools;
using WeGate.Core.Secrets;
using WeGate.Server.Oidc;

namespace WeGate.Server.Console;

// At every start the console's pool and its application exist; at each sign-in its redirect URI
// follows the public address (docs/console.md#signing-in).
internal sealed class ConsolePoolSetup(IPoolStore pools, IApplicationStore applications, Issuer issuer)
{
    public async Task EnsureAsync(CancellationToken ct)
    {
        await pools.CreateAsync(ConsolePool.Name, "WeGate console", ct);
        if (await applications.GetAsync(ConsolePool.Name, ConsolePool.ClientId, ct) is null)
        {
            // Confidential with a secret that is thrown away: the console redeems its codes in-process, nobody at the token endpoint.
            await applications.CreateAsync(new Application
            {
                Pool = ConsolePool.Name, ClientId = ConsolePool.ClientId, DisplayName = "WeGate console", Type = ApplicationType.Web,
                Grants = [GrantType.AuthorizationCode],
            }, SecretHash.Hash(SecretHash.NewSecret("wgs_")), ct);
        }
    }

    // The redirect URI follows the public address, known only once WeGate listens (PublicAddress).
    public async Task<string> EnsureRedirectUriAsync(CancellationToken ct)
    {
        var redirect = ConsoleSignIn.RedirectUri(issuer);
        var app = await applications.GetAsync(ConsolePool.Name, ConsolePool.ClientId, ct);
        if (app is not null && (app.RedirectUris is not [var only] || only != redirect))
            await applications.UpdateAsync(app with { RedirectUris = [redirect] }, ct);
        return redirect;
    }
}
