using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace WeGate.Sandbox.Api;

// WeChat's error shape: HTTP 200, {"errcode":N,"errmsg":"…, rid: xxxxxxxx-xxxxxxxx-xxxxxxxx"}
// (docs/wechat-contract.md#conventions). The first rid group is the unix time in hex, as in real rids.
internal sealed class WeChatErrorResult(int errCode, string? detail, DateTimeOffset now) : IResult
{
    private static readonly FrozenDictionary<int, string> Messages = new Dictionary<int, string>
    {
        [-1] = "system error",
        [40001] = "invalid credential, access_token is invalid or not latest",
        [40002] = "invalid grant_type",
        [40003] = "invalid openid",
        [40013] = "invalid appid",
        [40014] = "invalid access_token",
        [40029] = "invalid code",
        [40030] = "invalid refresh_token",
        [40097] = "invalid args",
        [40125] = "invalid appsecret",
        [40129] = "invalid scene",
        [40163] = "code been used",
        [40164] = "invalid ip, not in whitelist",
        [40169] = "invalid length for scene, or the data is not json string",
        [40226] = "code blocked",
        [41001] = "access_token missing",
        [41002] = "appid missing",
        [41004] = "appsecret missing",
        [41008] = "missing code",
        [41009] = "missing openid",
        [41030] = "invalid page",
        [42001] = "access_token expired",
        [42002] = "refresh_token expired",
        [42003] = "code expired",
        [43002] = "require POST method",
        [45009] = "reach max api daily quota limit",
        [45011] = "api minute-quota reach limit  mustslower  retry next minute",
        [47001] = "data format error",
        [48001] = "api unauthorized",
        [50001] = "user unauthorized",
        [87009] = "invalid signature",
    }.ToFrozenDictionary();

    public int ErrCode { get; } = errCode;

    public string ErrMsg { get; } = (detail ?? Messages.GetValueOrDefault(errCode, "error")) + ", rid: " + Rid(now);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.Response.WriteAsJsonAsync(new { errcode = ErrCode, errmsg = ErrMsg });
    }

    private static string Rid(DateTimeOffset now) =>
        ((uint)now.ToUnixTimeSeconds()).ToString("x8", CultureInfo.InvariantCulture)
        + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true)
        + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
}
