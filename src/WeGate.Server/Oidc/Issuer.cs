using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using WeGate.Server.Hosting;

namespace WeGate.Server.Oidc;

// A pool's issuer is {PublicUrl}/pools/{pool} (docs/oidc.md). It is never taken from the request's
// Host header, which a client controls.
internal sealed class Issuer(WeGateOptions options, IServer server)
{
    private string? _base;

    public string Base => _base ??= (options.PublicUrl
        ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
        ?? WeGateApp.DefaultUrl).TrimEnd('/');

    public string Of(string pool) => $"{Base}/pools/{pool}";

    public string Endpoint(string pool, string path) => $"{Base}/pools/{pool}/{path}";
}
