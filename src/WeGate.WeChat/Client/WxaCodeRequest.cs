using System.Text.Json.Nodes;

namespace WeGate.WeChat.Client;

// wxa/getwxacodeunlimit body (docs/wechat-contract.md#mini-program-codes). The scene is sent as is: '%' is not allowed, so it
// must not be URL-encoded.
public sealed record WxaCodeRequest(string Scene)
{
    public string? Page { get; init; }

    public bool CheckPath { get; init; } = true;

    public string EnvVersion { get; init; } = "release";

    public int Width { get; init; } = 430;

    internal JsonObject ToJson()
    {
        var body = new JsonObject
        {
            ["scene"] = Scene,
            ["check_path"] = CheckPath,
            ["env_version"] = EnvVersion,
            ["width"] = Width,
        };
        if (Page is not null)
        {
            body["page"] = Page;
        }

        return body;
    }
}
