using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace WeGate.Server.Hosting;

// Where people and applications reach this WeGate: WeGate:PublicUrl, or the first address it listens
// on (fine for development). Never the request's Host header, which a client controls.
internal sealed class PublicAddress(WeGateOptions options, IServer server)
{
    private string? _base;

    public string Base => _base ??= (options.PublicUrl
        ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
        ?? WeGateApp.DefaultUrl).TrimEnd('/');
}
