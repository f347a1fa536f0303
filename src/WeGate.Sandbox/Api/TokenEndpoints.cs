using Microsoft.AspNetCore.Http;
using WeGate.Sandbox.Grants;

namespace WeGate.Sandbox.Api;

// cgi-bin/token and cgi-bin/stable_token (docs/wechat-contract.md#access-tokens).
internal static class TokenEndpoints
{
    public static void Map(ApiRoutes routes)
    {
        routes.Get("cgi-bin/token", request =>
        {
            if (request.Required("grant_type", 40002) != "client_credential")
            {
                throw new WeChatRejection(40002);
            }

            var app = request.App();
            return Task.FromResult(Answer(request, request.Sandbox.AccessTokens.Fetch(app.AppId)));
        });

        routes.Post("cgi-bin/stable_token", async request =>
        {
            var body = await request.JsonBodyAsync();
            if (ApiRequest.String(body, "grant_type") != "client_credential")
            {
                throw new WeChatRejection(40002);
            }

            var app = request.Sandbox.Registry.FindApp(ApiRequest.String(body, "appid") ?? throw new WeChatRejection(41002))
                ?? throw new WeChatRejection(40013);
            request.RequireWhitelisted(app);
            var secret = ApiRequest.String(body, "secret") ?? throw new WeChatRejection(41004);
            if (secret != app.Secret)
            {
                throw new WeChatRejection(40125);
            }

            var force = ApiRequest.Boolean(body, "force_refresh") ?? false;
            return Answer(request, request.Sandbox.AccessTokens.FetchStable(app.AppId, force));
        });
    }

    // expires_in is what is left: a stable token handed out again reports its remaining lifetime.
    private static IResult Answer(ApiRequest request, IssuedAccessToken token) =>
        WeChatJson.Ok(new
        {
            access_token = token.Token,
            expires_in = (int)Math.Ceiling((token.ExpiresAt - request.Now).TotalSeconds),
        });
}
