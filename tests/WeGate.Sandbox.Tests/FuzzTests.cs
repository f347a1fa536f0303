using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Tests;

// Short deadlines, so that fuzzed pushes, verifications and waits end in a moment.
public sealed class FuzzSandboxHost : SandboxHost
{
    protected override SandboxOptions Options() => new()
    {
        PushDeadline = TimeSpan.FromMilliseconds(200),
        DeliveryWaitLimit = TimeSpan.FromMilliseconds(200),
    };
}

// Every endpoint of the sandbox, fed malformed and mistyped JSON, huge and odd values, broken query
// strings, odd headers and random bytes (FsCheck generators, fixed seed; WEGATE_FUZZ_SEED replays
// another). No answer may be a 5xx, the WeChat API answers HTTP 200 JSON whatever it is sent, and the
// log stays free of errors and stack traces.
public sealed class FuzzTests(FuzzSandboxHost host) : IClassFixture<FuzzSandboxHost>
{
    private const int Requests = 3000;

    private static readonly (string Method, string Path)[] Endpoints =
    [
        ("GET", "api/cgi-bin/token"), ("POST", "api/cgi-bin/stable_token"), ("POST", "api/cgi-bin/qrcode/create"),
        ("GET", "api/cgi-bin/user/info"), ("GET", "api/sns/oauth2/access_token"), ("GET", "api/sns/oauth2/refresh_token"),
        ("GET", "api/sns/auth"), ("GET", "api/sns/userinfo"), ("GET", "api/sns/jscode2session"), ("GET", "api/wxa/checksession"),
        ("POST", "api/wxa/getwxacodeunlimit"), ("POST", "api/wxa/business/getuserphonenumber"),
        ("GET", "mp/cgi-bin/showqrcode"),
        ("GET", "open/connect/qrconnect"), ("GET", "open/connect/qrconnect/status"), ("GET", "open/connect/oauth2/authorize"),
        ("POST", "open/connect/oauth2/authorize/decide"), ("GET", "open/connect/confirm"), ("POST", "open/connect/confirm/decide"),
        ("POST", "control/apps"), ("GET", "control/apps"), ("PATCH", "control/apps/{app}"), ("POST", "control/personas"),
        ("GET", "control/personas"), ("GET", "control/apps/{app}/personas/{persona}"), ("POST", "control/codes/oauth"),
        ("POST", "control/codes/js"), ("POST", "control/codes/phone"), ("POST", "control/qr/scan"), ("PUT", "control/faults"),
        ("GET", "control/faults"), ("DELETE", "control/faults"), ("GET", "control/calls"), ("POST", "control/apps/{app}/followers"),
        ("GET", "control/deliveries"), ("GET", "control/deliveries/{id}"), ("POST", "control/apps/{app}/verify-server"),
        ("GET", "control/qrconnect"), ("GET", "control/qrconnect/{id}"), ("POST", "control/qrconnect/{id}/scan"),
        ("POST", "control/qrconnect/{id}/confirm"), ("POST", "control/qrconnect/{id}/deny"), ("GET", "control/outbox"),
        ("DELETE", "control/outbox"), ("GET", "control/scannables"), ("POST", "control/scannables/resolve"),
        ("GET", "control/personas/{persona}/apps"), ("GET", "control/personas/{persona}/deliveries"),
        ("GET", "phone"), ("POST", "phone/unlock"), ("GET", "phone/phone.js"),
    ];

    private static readonly string[] Names =
    [
        "appid", "secret", "code", "grant_type", "access_token", "openid", "js_code", "refresh_token", "lang", "sig_method",
        "signature", "ticket", "uuid", "redirect_uri", "scope", "state", "sandbox_persona", "login_type", "self_redirect", "style",
        "href", "app_id", "persona_id", "to", "channel", "path", "wait", "timeout_ms", "type", "appId", "openPlatformAccount",
        "originalId", "token", "encodingAesKey", "messageMode", "serverUrl", "callbackDomain", "id", "nickname", "avatarUrl", "phone",
        "phoneCountryCode", "snapshot", "personaId", "follow", "errCode", "latencyMs", "timeout", "count", "content", "action_name",
        "action_info", "scene", "scene_id", "scene_str", "expire_seconds", "force_refresh", "page", "check_path", "width",
        "consent", "decision", "persona", "secret",
    ];

    private static readonly string[] Texts =
    [
        "", " ", "0", "-1", "abc", "snsapi_base", "snsapi_userinfo", "snsapi_login", "client_credential", "authorization_code",
        "refresh_token", "QR_SCENE", "QR_STR_SCENE", "QR_LIMIT_SCENE", "QR_LIMIT_STR_SCENE", "official-account", "website", "mobile",
        "miniprogram", "safe", "compatible", "plaintext", "hmac_sha256", "true", "false", "jssdk", "approve", "deny",
        "http://localhost:3000/cb", "http://localhost:3000/cb\r\nX-Injected: 1", "http://localhost:3000/cb#x", "localhost:3000",
        "http://127.0.0.1:1/wechat", "http://169.254.169.254/", "javascript:alert(1)", "data:text/css,x", "pages/index/index", "/page?x",
        "%", "%zz", "%E0%A4%A", "\u0000", "\uFFFF", "\uD800", "登录", "<script>", "'\"", "../../etc/passwd", "a,b", "+86", "86", "8",
        "12345678901234567890", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", new string('x', 5000), new string('9', 400),
    ];

    private static readonly string[] Numbers = ["0", "-1", "1", "1.5", "-0", "1e400", "-1e400", "2147483648", "9223372036854775808", "99999999999999999999", "4294967295"];

    private static readonly string[] Malformed =
    [
        "", "{", "[", "nul", "{\"a\":}", "{\"a\" 1}", "\"just a string\"", "123", "[]", "null", "{}{}", "{\"a\":1,}", "\u0000",
        "{\"type\":\"website\"" + new string(' ', 100) + "}", new string('[', 5000) + new string(']', 5000),
        "<xml><ToUserName><![CDATA[x]]></ToUserName></xml>", "<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", "a=1&b=2",
    ];

    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/json", "application/json", "application/json; charset=utf-16", "application/json; charset=nonsense",
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "multipart/form-data", "text/xml", "a/b/c", null,
    ];

    [Fact]
    public async Task No_endpoint_answers_a_server_error_or_logs_one_whatever_it_is_sent()
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("WEGATE_FUZZ_SEED"), out var given) ? given : 1UL;
        var world = await WorldAsync();
        var cases = FuzzRequest(world).Sample(Requests, new Rnd(seed), 40); // count, seed, size
        using var http = host.Http();
        http.Timeout = TimeSpan.FromSeconds(5);
        var failures = new List<string>();
        host.Logs.Clear();

        foreach (var fuzz in cases)
        {
            using var request = fuzz.ToMessage(host.Root);
            var status = 0;
            var body = "";
            string? contentType = null;
            try
            {
                using var response = await http.SendAsync(request);
                (status, body, contentType) = ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
            }
            catch (TaskCanceledException)
            {
                failures.Add($"no answer in 5 s: {fuzz}");
            }

            // 413, 414 and 431 are Kestrel's request limits, met before any endpoint runs.
            var wechat = fuzz.Path.StartsWith("api/", StringComparison.Ordinal) && status is not (0 or 413 or 414 or 431);
            if (status >= 500 || (wechat && !IsWeChatAnswer(status, body, contentType)))
            {
                failures.Add($"{status} {contentType} {Shorten(body)}: {fuzz}");
            }

            if (fuzz.Path == "control/faults" && fuzz.Method == "PUT")
            {
                await host.Control.ClearFaultsAsync();
            }
        }

        var logged = host.Logs.Entries;
        Assert.True(failures.Count == 0 && logged.Count == 0,
            $"seed {seed}: {failures.Count} bad answers, {logged.Count} log entries\n" + string.Join("\n", failures.Take(15).Concat(logged.Take(5))));
    }

    [Fact]
    public async Task Whatever_a_server_answers_a_push_with_the_delivery_ends_and_nothing_is_logged()
    {
        var replies = new System.Collections.Concurrent.ConcurrentQueue<string>(
            Gen.OneOf(Gen.Elements(Malformed), ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
                    ArbMap.Default.GeneratorFor<byte[]>().Select(bytes => Encoding.Latin1.GetString(bytes)))
                .Sample(40, new Rnd(7), 30)); // count, seed, size
        await using var server = await StubServer.StartAsync(_ =>
            Microsoft.AspNetCore.Http.Results.Text(replies.TryDequeue(out var reply) ? reply : "", "text/xml"));
        var app = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.OfficialAccount) { ServerUrl = server.Url.ToString(), Token = "t" });
        host.Logs.Clear();

        var outcomes = new List<WeGate.Sandbox.Push.DeliveryOutcome>();
        for (var i = 0; i < 40; i++)
        {
            var follow = await host.Control.FollowAsync(app.AppId, (await host.PersonaAsync()).Id);
            outcomes.Add((await host.Control.DeliveryAsync(follow.DeliveryId!, wait: true)).Outcome);
        }

        Assert.All(outcomes, outcome => Assert.Contains(outcome, new[] { WeGate.Sandbox.Push.DeliveryOutcome.Acknowledged, WeGate.Sandbox.Push.DeliveryOutcome.InvalidReply }));
        Assert.Empty(host.Logs.Entries);
    }

    // HTTP 200 and a JSON object (errcode or result), or the image of a successful wxacode.
    private static bool IsWeChatAnswer(int status, string body, string? contentType)
    {
        if (status != 200)
        {
            return false;
        }

        if (contentType == "image/png")
        {
            return true;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    // Real apps, a persona with a phone, their tokens and a live QR ticket: values that get a request
    // past the first checks and into the handlers' depths.
    private async Task<string[]> WorldAsync()
    {
        var oa = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.OfficialAccount)
        {
            OpenPlatformAccount = "fuzz", CallbackDomain = "localhost:3000", Token = "fuzztoken", ServerUrl = "http://127.0.0.1:1/wechat",
        });
        var mp = await host.AppAsync(SandboxAppType.MiniProgram);
        var web = await host.Control.CreateAppAsync(new CreateAppRequest(SandboxAppType.Website) { CallbackDomain = "localhost:3000" });
        var persona = await host.PersonaAsync(phone: "13800138000");
        var client = host.Client();
        var oaToken = (await client.GetAccessTokenAsync(oa.AppId, oa.Secret)).AccessToken;
        var mpToken = (await client.GetAccessTokenAsync(mp.AppId, mp.Secret)).AccessToken;
        var ticket = await client.CreateQrCodeAsync(oaToken, WeChat.Client.QrCodeRequest.Temporary("fuzz", TimeSpan.FromHours(1)));
        var phoneCode = (await host.Control.IssuePhoneCodeAsync(mp.AppId, persona.Id)).Code;
        var jsCode = (await host.Control.IssueJsCodeAsync(mp.AppId, persona.Id)).Code;
        return [oa.AppId, oa.Secret, mp.AppId, mp.Secret, web.AppId, persona.Id, oaToken, mpToken, ticket.Ticket, ticket.Url, phoneCode, jsCode];
    }

    private static Gen<FuzzRequest> FuzzRequest(string[] world)
    {
        var text = Gen.OneOf(
            Gen.Elements(Texts), Gen.Elements(world), Gen.Elements(Numbers),
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""));
        var json = Json(text, 3);
        var body = Gen.Frequency(
            (6, json.Select(node => node)),
            (2, Gen.Elements(Malformed)),
            (1, ArbMap.Default.GeneratorFor<byte[]>().Select(bytes => Encoding.Latin1.GetString(bytes))));
        var query = Gen.ListOf(Gen.Zip(Gen.Elements(Names), text))
            .Select(pairs => string.Join('&', pairs.Select(pair => Uri.EscapeDataString(pair.Item1) + "=" + Uri.EscapeDataString(pair.Item2))));
        var rawQuery = Gen.Elements("%", "%zz", "a=%E0%A4%A", "&&==", "appid", "appid=&appid=x", "a[]=1&a[]=2", "=%00");
        return from endpoint in Gen.Elements(Endpoints)
               from segment in Gen.OneOf(Gen.Elements(world), Gen.Elements(Texts).Where(t => t.Length is > 0 and < 200 && !t.Contains('/', StringComparison.Ordinal) && !t.Contains('%', StringComparison.Ordinal) && !t.Any(char.IsControl)))
               from q in Gen.Frequency((4, query), (1, rawQuery))
               from b in body
               from contentType in Gen.Elements(ContentTypes)
               from cookie in Gen.OneOf(Gen.Constant<string?>(null), text.Select(t => (string?)("sandbox_persona=" + Uri.EscapeDataString(t))), Gen.Elements<string?>("sandbox_persona=" + world[5], "sandbox_control=x; sandbox_persona"))
               from authorization in Gen.Elements<string?>(null, null, "Bearer", "Bearer x", "Basic !!", "Bearer \t")
               select new FuzzRequest(endpoint.Method, endpoint.Path.Replace("{app}", segment, StringComparison.Ordinal)
                       .Replace("{persona}", segment, StringComparison.Ordinal).Replace("{id}", segment, StringComparison.Ordinal),
                   q, endpoint.Method is "GET" or "DELETE" && b.Length > 0 && !b.StartsWith('{') ? null : b, contentType, cookie, authorization);
    }

    // A JSON text: an object of known field names most of the time, any JSON value otherwise.
    private static Gen<string> Json(Gen<string> text, int depth)
    {
        var scalar = Gen.OneOf(
            text.Select(t => JsonSerializer.Serialize(t)), Gen.Elements(Numbers),
            Gen.Elements("true", "false", "null"), Gen.Choose(int.MinValue, int.MaxValue).Select(n => n.ToString(CultureInfo.InvariantCulture)));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = Json(text, depth - 1);
        var array = Gen.ListOf(inner).Select(items => "[" + string.Join(',', items) + "]");
        var obj = Gen.ListOf(Gen.Zip(Gen.Elements(Names), Gen.Frequency((3, scalar), (1, inner))))
            .Select(fields => "{" + string.Join(',', fields.Select(f => JsonSerializer.Serialize(f.Item1) + ":" + f.Item2)) + "}");
        return Gen.Frequency((1, scalar), (1, array), (4, obj));
    }
}

public sealed record FuzzRequest(string Method, string Path, string Query, string? Body, string? ContentType, string? Cookie, string? Authorization)
{
    public HttpRequestMessage ToMessage(Uri root)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(root, Path + (Query.Length > 0 ? "?" + Query : "")));
        if (Body is not null)
        {
            request.Content = new StringContent(Body, Encoding.UTF8);
            request.Content.Headers.Remove("Content-Type");
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        if (Cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", Cookie);
        }

        if (Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }

        return request;
    }

    public override string ToString() =>
        $"{Method} {Path}?{Query} [{ContentType}] {(Body is { Length: > 200 } b ? b[..200] + "…" : Body)}";
}
