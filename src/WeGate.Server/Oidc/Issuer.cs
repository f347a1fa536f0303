using WeGate.Server.Hosting;

namespace WeGate.Server.Oidc;

// A pool's issuer is {PublicUrl}/pools/{pool} (docs/oidc.md).
internal sealed class Issuer(PublicAddress address)
{
    public string Base => address.Base;

    public string Of(string pool) => $"{Base}/pools/{pool}";

    public string Endpoint(string pool, string path) => $"{Base}/pools/{pool}/{path}";
}
