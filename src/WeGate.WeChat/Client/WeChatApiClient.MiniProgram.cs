using System.Text.Json;
using System.Text.Json.Nodes;
using WeGate.WeChat.Crypto;

namespace WeGate.WeChat.Client;

public sealed partial class WeChatApiClient
{
    // Never retried: js_code is single-use (docs/wechat-contract.md#mini-program-login).
    public Task<MiniProgramSession> ExchangeJsCodeAsync(string appId, string secret, string jsCode, CancellationToken cancellationToken = default) =>
        GetAsync<MiniProgramSession>("sns/jscode2session", repeatable: false, cancellationToken,
            ("appid", appId), ("secret", secret), ("js_code", jsCode), ("grant_type", "authorization_code"));

    // docs/wechat-contract.md#mini-program-codes: success is raw image bytes, failure is JSON; branch on the content type and,
    // because the content type has been seen wrong, on a body that starts with '{'.
    public Task<WxaCodeImage> GetUnlimitedWxaCodeAsync(string accessToken, WxaCodeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string Path = "wxa/getwxacodeunlimit";
        return SendAsync(Path, () => Post(Path, accessToken, request.ToJson()), repeatable: true, async (response, token) =>
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(token);
            var contentType = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
            if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase) || StartsWithBrace(bytes))
            {
                var body = JsonSerializer.Deserialize<JsonElement>(bytes);
                ThrowIfError(Path, body);
                throw new InvalidDataException($"WeChat {Path} answered JSON without an error code.");
            }

            return new WxaCodeImage(bytes, contentType);
        }, cancellationToken);
    }

    // Never retried: the phone code is single-use (docs/wechat-contract.md#phone-numbers). Passing openId makes WeChat check
    // that the code belongs to that user. countryCode arrives as a string or a number; both are read.
    public async Task<PhoneNumberInfo> GetPhoneNumberAsync(string accessToken, string code, string? openId = null, CancellationToken cancellationToken = default)
    {
        const string Path = "wxa/business/getuserphonenumber";
        var body = new JsonObject { ["code"] = code };
        if (openId is not null)
        {
            body["openid"] = openId;
        }

        var response = await PostAsync<JsonElement>(Path, accessToken, body, repeatable: false, cancellationToken);
        return response.TryGetProperty("phone_info", out var info) && PhoneNumberInfo.TryRead(info) is { } phone
            ? phone
            : throw new InvalidDataException($"WeChat {Path} answered without phone_info.");
    }

    // docs/wechat-contract.md#session-keys: the signature is HMAC-SHA256 keyed by the session_key text over "".
    public async Task<bool> CheckSessionAsync(string accessToken, string openId, string sessionKey, CancellationToken cancellationToken = default)
    {
        try
        {
            await GetAsync<JsonElement>("wxa/checksession", repeatable: true, cancellationToken,
                ("access_token", accessToken), ("openid", openId),
                ("signature", OpenDataSignature.ForCheckSession(sessionKey)), ("sig_method", "hmac_sha256"));
            return true;
        }
        catch (WeChatApiException error) when (error.ErrCode == WeChatErrors.InvalidSignature)
        {
            return false;
        }
    }

    private static bool StartsWithBrace(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b == (byte)'{';
        }

        return false;
    }
}
