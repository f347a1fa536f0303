using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using WeGate.Server.Demo;
using WeGate.WeChat.Crypto;

namespace WeGate.Server.Tests.Hosting;

// The fuzzer's generators: a route of the running app with plausible or odd route values, and a
// request to it with malformed and mistyped JSON, forms with repeated and unknown fields, hostile XML,
// random bytes, bad content types, broken query strings and odd headers. The official account's
// callback also gets correctly signed (and encrypted) pushes, so that hostile XML reaches the parser.
internal static class FuzzInputs
{
    private static readonly string[] Names =
    [
        "response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "prompt", "max_age",
        "login_hint", "ui_locales", "request", "request_uri", "auth_session", "id_token_hint", "post_logout_redirect_uri", "connection", "code",
        "error", "error_description", "echostr", "signature", "timestamp", "msg_signature", "encrypt_type", "openid", "limit", "after", "phone",
        "email", "unionid", "user_id", "response_mode", "claims", "grant_type", "client_secret", "code_verifier", "refresh_token", "resource",
        "audience", "subject_token", "subject_token_type", "actor_token", "requested_token_type", "ticket_secret", "phone_code", "encrypted_data",
        "iv", "token", "token_type_hint", "login", "password", "__RequestVerificationToken", "choice", "account", "user", "method", "destination",
        "kind", "confirm", "scene", "ticket",
    ];

    private static readonly string[] JsonNames =
    [
        "name", "display_name", "slug", "type", "app_id", "app_secret", "token", "encoding_aes_key", "previous_encoding_aes_key", "settings",
        "message_mode", "scope", "page", "env_version", "original_id", "login_only", "binding_policy", "enabled", "client_id", "redirect_uris",
        "post_logout_redirect_uris", "grants", "connections", "api_scopes", "resources", "lifetimes", "access_token_seconds", "id_token_seconds",
        "refresh_token_seconds", "refresh_token_absolute_seconds", "signing_algorithm", "username", "email", "phone", "password", "profile",
        "nickname", "picture", "gender", "locale", "address", "formatted", "phone_number", "source_user_id", "algorithm", "retention_seconds",
        "scene", "code", "phone_code", "encrypted_data", "iv", "appId", "phoneCode", "connection", "blocked", "colour",
    ];

    private static readonly string[] Texts =
    [
        "", " ", "0", "-1", "abc", "code", "token", "code id_token", "none", "login", "consent", "select_account", "none login", "S256", "plain",
        "openid", "openid profile email phone address wechat offline_access", "orders", "evil", "access_token", "refresh_token", "id_token",
        "authorization_code", "client_credentials", "password", "implicit", "urn:ietf:params:oauth:grant-type:token-exchange",
        "urn:ietf:params:oauth:grant-type:device_code", "urn:wegate:params:oauth:token-type:wechat-miniprogram-code",
        "urn:wegate:params:oauth:token-type:wechat-mobile-code", "urn:wegate:params:oauth:token-type:wechat-login-ticket",
        "urn:ietf:params:oauth:token-type:access_token", "urn:ietf:params:oauth:token-type:jwt", "web", "spa", "native", "miniprogram",
        "oa-follow", "website-qr", "mp-qr", "oa-web", "mobile", "app-mp", "safe", "compatible", "plaintext", "snsapi_base", "snsapi_userinfo",
        "release", "trial", "develop", "none", "field-matching", "ask-to-bind", "ES256", "RS256", "HS256", "gh_0123456789ab", "wx1234567890abcdef",
        "pages/login/index", "/pages", "zh-CN", "en", "xx-YY", "create", "bind", "select", "sms", "email", "+8613800138000", "13800138000",
        "a@b", "fuzz@example.com", "https://app.example.com/cb", "https://app.example.com/cb#x", "http://localhost/cb", "com.example.app:/cb",
        "javascript:alert(1)", "http://127.0.0.1:1/x", "//evil.example", "http://a\r\nSet-Cookie: x=1", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "a.b.c", "a.b.c.d.e", "eyJhbGciOiJFUzI1NiIsImtpZCI6IngifQ.e30.AAAA", "%", "%zz", "%E0%A4%A", "\u0000", "\uFFFF", "\uD800", "登录", "微信用户",
        "<script>alert(1)</script>", "'\"", "../../etc/passwd", "a,b", "-", "A-", "qrscene_", "wgt_", "wgs_", "wgk_000000000000_x",
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "true", "false", "null", new string('x', 3000), new string('9', 400), new string('a', 70_000),
    ];

    private static readonly string[] Numbers = ["0", "-1", "1", "1.5", "-0", "1e400", "-1e400", "2147483648", "9223372036854775808", "99999999999999999999", "31536001"];

    private static readonly string[] Malformed =
    [
        "", "{", "[", "nul", "{\"a\":}", "{\"a\" 1}", "\"just a string\"", "123", "[]", "null", "{}{}", "{\"name\":1,}", "\u0000", "\uFEFF{}",
        "{\"name\":\"a\",\"name\":\"b\"}", new string('[', 5000) + new string(']', 5000), new string('{', 3) + "\"a\":" + new string('[', 70),
        "a=1&a=2&a=3", "grant_type=&grant_type=authorization_code", "%%%=%%%", "=&=&", "a=%zz", "a=%E0%A4%A", "\u00ff\u00fe\u0000x",
    ];

    // Hostile XML for the official account's callback: DTDs, entity expansion, external entities, odd
    // encodings, broken and oversized documents, and events whose fields are mistyped or missing.
    private static readonly string[] Xml =
    [
        "<!DOCTYPE x [<!ENTITY a \"b\">]><xml><ToUserName>&a;</ToUserName></xml>",
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><xml><Content>&lol3;</Content></xml>",
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><Content>&e;</Content></xml>",
        "<!DOCTYPE x SYSTEM \"http://127.0.0.1:1/dtd\"><xml/>",
        "<xml xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\"/></xml>",
        "<?xml version=\"1.0\" encoding=\"ebcdic-cp-us\"?><xml/>", "<?xml version=\"1.0\" encoding=\"utf-32\"?><xml/>", "<?xml version=\"2.0\"?><xml/>",
        "<xml>", "</xml>", "<xml><a></b></xml>", "<xml/><xml/>", "xml", "<", "<xml><![CDATA[", "<xml>&unknown;</xml>", "<xml>&#0;</xml>", "<xml>&#xD800;</xml>",
        "<?pi x?><xml/>", "<xml>" + new string('x', 70_000) + "</xml>", string.Concat(Enumerable.Repeat("<a>", 3000)) + string.Concat(Enumerable.Repeat("</a>", 3000)),
        "<xml><ToUserName>gh_de00000000a1</ToUserName><FromUserName>o</FromUserName><CreateTime>abc</CreateTime><MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_x</EventKey></xml>",
        "<xml><ToUserName>gh_de00000000a1</ToUserName><FromUserName></FromUserName><CreateTime>99999999999999999999</CreateTime><MsgType>event</MsgType><Event>SCAN</Event><EventKey></EventKey><Ticket></Ticket></xml>",
        "<xml><ToUserName>gh_de00000000a1</ToUserName><MsgType>event</MsgType><Event>subscribe</Event></xml>",
        "<xml><ToUserName>gh_de00000000a1</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>登录</Content><MsgId>x</MsgId></xml>",
        "<xml><ToUserName>gh_de00000000a1</ToUserName><Encrypt>!!!</Encrypt></xml>", "<xml><ToUserName>gh_de00000000a1</ToUserName><Encrypt>AAAA</Encrypt></xml>",
        "<xml><ToUserName>gh_de00000000a1</ToUserName><Encrypt></Encrypt></xml>", "<xml><Encrypt>" + Convert.ToBase64String(new byte[48]) + "</Encrypt></xml>",
        "<xml><Encrypt><a/></Encrypt><Encrypt>x</Encrypt></xml>",
    ];

    private static readonly string?[] ContentTypes =
    [
        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded", "application/json", "application/json", "text/xml", "application/xml",
        "application/x-www-form-urlencoded; charset=utf-16", "application/x-www-form-urlencoded; charset=nonsense", "application/json; charset=utf-16",
        "application/json; charset=nonsense", "multipart/form-data; boundary=x", "multipart/form-data", "text/plain", "a/b/c", ";;", null,
    ];

    public static Gen<FuzzRequest> Request(FuzzWorld world) =>
        Gen.Frequency((8, Ordinary(world)), (4, NearlyRight(world)), (2, Callback(world)));

    private enum Shape
    {
        Query,
        Form,
        Json,
    }

    // Requests a client library would send, for each grant, token type and flow, with a field or two
    // changed, dropped or repeated: these get past the first checks and into the depths.
    private static Gen<FuzzRequest> NearlyRight(FuzzWorld world)
    {
        var (access, refresh, idToken) = (world.Tokens[0], world.Tokens[1], world.Tokens[2]);
        var fuzz = $"/pools/{FuzzWorld.Pool}";
        var web = new Dictionary<string, string> { ["client_id"] = FuzzWorld.WebClient, ["client_secret"] = world.WebSecret };
        var demo = new Dictionary<string, string> { ["client_id"] = DemoWorld.ClientId };
        var challenge = new Dictionary<string, string> { ["code_challenge"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", ["code_challenge_method"] = "S256" };
        Dictionary<string, string> With(params IEnumerable<KeyValuePair<string, string>>[] parts) =>
            parts.SelectMany(p => p).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var exchange = With(demo, challenge, new Dictionary<string, string> { ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["scope"] = "openid profile phone wechat" });
        (string Method, string Path, Shape Shape, Dictionary<string, string> Fields)[] templates =
        [
            ("POST", fuzz + "/oauth2/token", Shape.Form, With(web, new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = "x", ["redirect_uri"] = FuzzWorld.WebRedirect, ["code_verifier"] = new string('v', 43) })),
            ("POST", fuzz + "/oauth2/token", Shape.Form, With(web, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh, ["scope"] = "openid" })),
            ("POST", fuzz + "/oauth2/token", Shape.Form, With(web, new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "orders", ["resource"] = "https://api.example.com" })),
            ("POST", "/pools/default/oauth2/token", Shape.Form, With(exchange, new Dictionary<string, string> { ["subject_token_type"] = "urn:wegate:params:oauth:token-type:wechat-miniprogram-code", ["subject_token"] = "x", ["phone_code"] = "y", ["encrypted_data"] = "AAAA", ["iv"] = "AAAA" })),
            ("POST", "/pools/default/oauth2/token", Shape.Form, With(exchange, new Dictionary<string, string> { ["subject_token_type"] = "urn:wegate:params:oauth:token-type:wechat-mobile-code", ["subject_token"] = "x", ["connection"] = "wx-mobile" })),
            ("POST", "/pools/default/oauth2/token", Shape.Form, With(exchange, new Dictionary<string, string> { ["subject_token_type"] = "urn:wegate:params:oauth:token-type:wechat-login-ticket", ["subject_token"] = world.Tickets[^1], ["ticket_secret"] = world.AppTicketSecret })),
            ("POST", fuzz + "/oauth2/introspect", Shape.Form, With(web, new Dictionary<string, string> { ["token"] = access, ["token_type_hint"] = "access_token" })),
            ("POST", fuzz + "/oauth2/revoke", Shape.Form, With(web, new Dictionary<string, string> { ["token"] = refresh, ["token_type_hint"] = "refresh_token" })),
            ("GET", fuzz + "/oauth2/authorize", Shape.Query, With(web, challenge, new Dictionary<string, string> { ["response_type"] = "code", ["redirect_uri"] = FuzzWorld.WebRedirect, ["scope"] = "openid profile", ["state"] = "s", ["nonce"] = "n", ["prompt"] = "none", ["max_age"] = "10", ["login_hint"] = "fuzzer", ["ui_locales"] = "en" })),
            ("POST", "/pools/default/oauth2/authorize", Shape.Form, With(demo, challenge, new Dictionary<string, string> { ["response_type"] = "code", ["redirect_uri"] = world.DemoRedirect, ["scope"] = "openid", ["auth_session"] = "x", ["state"] = "s" })),
            ("GET", fuzz + "/oauth2/logout", Shape.Query, new Dictionary<string, string> { ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = FuzzWorld.WebRedirect, ["client_id"] = FuzzWorld.WebClient, ["state"] = "s" }),
            ("POST", fuzz + "/oauth2/logout", Shape.Form, new Dictionary<string, string> { ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = FuzzWorld.WebRedirect, ["confirm"] = "yes", ["__RequestVerificationToken"] = world.AntiForgery }),
            ("POST", "/pools/default/login", Shape.Form, new Dictionary<string, string> { ["request"] = world.LoginRequest, ["__RequestVerificationToken"] = world.AntiForgery, ["login"] = "fuzzer", ["password"] = "wrong" }),
            ("GET", "/pools/default/login", Shape.Query, new Dictionary<string, string> { ["request"] = world.LoginRequest }),
            ("GET", "/pools/default/login/website-qr/start", Shape.Query, new Dictionary<string, string> { ["request"] = world.LoginRequest, ["connection"] = "wx-website" }),
            ("GET", "/pools/default/login/oa-web/start", Shape.Query, new Dictionary<string, string> { ["request"] = world.LoginRequest, ["connection"] = "wx-oa-web" }),
            ("GET", "/pools/default/login/website-qr/callback", Shape.Query, new Dictionary<string, string> { ["code"] = "x", ["state"] = "abcdefghijklmnopqrstuvwxyz012345" }),
            ("GET", "/pools/default/login/oa-web/callback", Shape.Query, new Dictionary<string, string> { ["code"] = "x", ["state"] = "abcdefghijklmnopqrstuvwxyz012345" }),
            ("GET", $"/pools/default/login/tickets/{world.Tickets[0]}", Shape.Query, new Dictionary<string, string> { ["request"] = world.LoginRequest }),
            ("GET", $"/pools/default/login/tickets/{world.Tickets[0]}/events", Shape.Query, new Dictionary<string, string> { ["request"] = world.LoginRequest }),
            ("GET", $"/pools/default/login/tickets/{world.Tickets[0]}/complete", Shape.Query, new Dictionary<string, string> { ["request"] = world.LoginRequest }),
            ("POST", "/pools/default/login/mp-qr/scan", Shape.Json, new Dictionary<string, string> { ["scene"] = world.Tickets[^2] }),
            ("POST", "/pools/default/login/mp-qr/confirm", Shape.Json, new Dictionary<string, string> { ["scene"] = world.Tickets[^2], ["code"] = "x", ["phone_code"] = "y", ["appId"] = DemoWorld.MiniProgramAppId }),
            ("POST", "/pools/default/login/app-mp/tickets", Shape.Json, new Dictionary<string, string> { ["client_id"] = DemoWorld.ClientId, ["connection"] = "wx-app-mp" }),
            ("POST", $"/pools/default/login/app-mp/tickets/{world.Tickets[^1]}/confirm", Shape.Json, new Dictionary<string, string> { ["code"] = "x", ["encrypted_data"] = "AAAA", ["iv"] = "AAAA" }),
            ("POST", "/pools/default/login/account/bind/send", Shape.Form, new Dictionary<string, string> { ["__RequestVerificationToken"] = world.AntiForgery, ["login"] = "+8613800138000", ["method"] = "sms" }),
            ("POST", "/demo/exchange", Shape.Form, new Dictionary<string, string> { ["kind"] = "mobile", ["code"] = "x", ["phone_code"] = "y" }),
        ];
        var text = Text(world);
        var mutated = from template in Gen.Elements(templates)
                      from changes in Gen.CollectToSequence(template.Fields, field => Gen.Frequency(
                          (8, Gen.Constant(new[] { field })), (1, Gen.Constant(Array.Empty<KeyValuePair<string, string>>())),
                          (1, text.Select(t => new[] { KeyValuePair.Create(field.Key, t) })), (1, text.Select(t => new[] { field, KeyValuePair.Create(field.Key, t) }))))
                      select (template, fields: changes.SelectMany(c => c).ToList());
        return from m in mutated
               from headers in Gen.Frequency((3, Gen.Constant(new List<(string, string)>())), (1, Header(world, new FuzzWorld.Route(m.template.Method, m.template.Path, [])).Select(h => new List<(string, string)> { h })))
               let encoded = string.Join('&', m.fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)))
               let json = "{" + string.Join(',', m.fields.Select(f => JsonSerializer.Serialize(f.Key) + ":" + JsonSerializer.Serialize(f.Value))) + "}"
               select m.template.Shape switch
               {
                   Shape.Query => new FuzzRequest(m.template.Method, m.template.Path, encoded, m.template.Method == "GET" ? null : "", "application/x-www-form-urlencoded", headers),
                   Shape.Form => new FuzzRequest(m.template.Method, m.template.Path, "", encoded, "application/x-www-form-urlencoded", [.. headers, ("Cookie", string.Join("; ", world.Cookies))]),
                   _ => new FuzzRequest(m.template.Method, m.template.Path, "", json, "application/json", headers),
               };
    }

    private static Gen<string> Text(FuzzWorld world) => Gen.Frequency(
        (4, Gen.Elements(Texts)), (4, Gen.Elements(world.Values().ToArray())), (1, Gen.Elements(Numbers)),
        (2, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")));

    private static Gen<FuzzRequest> Ordinary(FuzzWorld world)
    {
        var text = Text(world);
        var pairs = Gen.ListOf(Gen.Zip(Gen.Elements(Names), text))
            .Select(list => string.Join('&', list.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2))));
        var rawQuery = Gen.Elements("%", "%zz", "a=%E0%A4%A", "&&==", "client_id=demo&client_id=demo", "scope=openid&scope=openid", "a[]=1&a[]=2",
            "=%00", "request=" + world.LoginRequest + "&request=" + world.LoginRequest, "limit=1&limit=2", "response_type=code&response_type=token");
        var query = Gen.Frequency((5, pairs), (1, rawQuery));
        var body = Gen.Frequency(
            (5, pairs), (5, Json(text, JsonNames, 3)), (2, Gen.Elements(Malformed)), (1, Gen.Elements(Xml)),
            (1, ArbMap.Default.GeneratorFor<byte[]>().Select(bytes => Encoding.Latin1.GetString(bytes))));
        return from route in Gen.Elements(world.Routes.ToArray())
               from method in Gen.Frequency((12, Gen.Constant(route.Method)), (1, Gen.Elements("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")))
               from values in Gen.CollectToSequence(route.Parameters, p => Segment(world, route, method, p))
               from q in Gen.Frequency((1, Gen.Constant("")), (3, query))
               from b in body
               from contentType in Gen.Elements(ContentTypes)
               from headerCount in Gen.Choose(0, 3)
               from headers in Gen.ListOf(Header(world, route), headerCount).Select(h => h.ToList())
               let path = Substitute(route, values)
               let admin = route.Pattern.StartsWith("/admin/", StringComparison.Ordinal)
               select new FuzzRequest(method, path, q, method is "GET" or "DELETE" or "OPTIONS" && b.Length > 0 && !b.StartsWith('{') ? null : b, contentType,
                   admin && !headers.Exists(h => h.Name == "Authorization") ? [.. headers, ("Authorization", "Bearer " + TestServer.AdminKey)] : headers);
    }

    // A route value: the world's own for that parameter most of the time (admin changes never touch the
    // demo's pool, and deletes go to the spare pool, so that the world survives), otherwise an unknown or
    // odd segment.
    private static Gen<string> Segment(FuzzWorld world, FuzzWorld.Route route, string method, string parameter)
    {
        var odd = Gen.Elements("nope", "DEFAULT", "%20", "%00", "%2F", "..", "a%2F..%2Fb", "登录", "-", new string('a', 300), "%E0%A4%A", "'", "%0D%0A", "x.json");
        var adminChange = route.Pattern.StartsWith("/admin/", StringComparison.Ordinal) && method != "GET";
        string[] known = parameter switch
        {
            "pool" => method == "DELETE" ? [FuzzWorld.SparePool] : adminChange ? [FuzzWorld.Pool] : ["default", "default", FuzzWorld.Pool],
            "ticket" => [.. world.Tickets],
            "userId" => [world.UserId],
            "identityId" => [world.IdentityId],
            "clientId" => [FuzzWorld.WebClient, DemoWorld.ClientId],
            "slug" or "connection" => [FuzzWorld.FollowSlug, "wx-follow", "wx-mp-qr", "wx-app-mp"],
            _ => [.. world.Values()],
        };
        var any = parameter == "pool" ? Gen.Elements(known) : Gen.Elements(world.Values().ToArray());
        return Gen.Frequency((6, Gen.Elements(known)), (1, any), (1, odd));
    }

    private static string Substitute(FuzzWorld.Route route, IEnumerable<string> values)
    {
        var path = route.Pattern;
        foreach (var (name, value) in route.Parameters.Zip(values))
            path = path.Replace("{" + name + "}", value.Contains('%', StringComparison.Ordinal) ? value : Uri.EscapeDataString(value), StringComparison.Ordinal);
        return path;
    }

    private static Gen<(string Name, string Value)> Header(FuzzWorld world, FuzzWorld.Route route)
    {
        var basic = (string s) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
        var authorization = Gen.Elements(
            "Bearer " + TestServer.AdminKey, "Bearer " + world.Tokens[0], "Bearer " + world.Tokens[2], "Bearer " + new string('x', 12_000), "Bearer",
            "Bearer 登录", "bearer  x y", "Basic !!!", "Basic", "Basic " + basic($"{FuzzWorld.WebClient}:{world.WebSecret}"), basic("a"), basic(":"),
            basic("%zz:%zz"), "Basic " + Convert.ToBase64String([0xff, 0xfe, 0x3a, 0x00]), basic(FuzzWorld.WebClient + ":"), "Negotiate x", "DPoP x",
            "Bearer wgk_000000000000_" + new string('A', 43), "Bearer wgk_", "Bearer " + TestServer.AdminKey + "x");
        var cookie = Gen.OneOf(
            Gen.Elements(world.Cookies.ToArray()),
            Gen.Zip(Gen.Elements("wegate_sso", "wegate_pending", "wegate_af", "wegate_demo-result", "wegate_demo-ticket", "wegate_demo-pending", "wegate_wx_x"),
                Gen.Elements("", "a", "!!!", "%zz", "CfDJ8" + new string('A', 90), new string('x', 9000), "e30", "登录"))
                .Select(p => p.Item1 + "=" + p.Item2));
        return Gen.OneOf(
            authorization.Select(v => ("Authorization", v)),
            cookie.Select(v => ("Cookie", v)),
            Gen.Elements("Mozilla/5.0 MicroMessenger/8.0.40", "MicroMessenger " + new string('m', 5000), "").Select(v => ("User-Agent", v)),
            Gen.Elements("zh-CN", "en;q=abc", "*", ";;;", "xx-" + new string('y', 500), "zh-CN,en;q=0.9").Select(v => ("Accept-Language", v)),
            Gen.Elements("https://app.example.com", "null", "http://[", "登录", "https://app.example.com:99999").Select(v => ("Origin", v)),
            Gen.Elements("text/event-stream", "application/json", "*/*", "text/html;q=x").Select(v => ("Accept", v)),
            Gen.Elements("1.2.3.4", "x", "::1, 999.1.1.1").Select(v => ("X-Forwarded-For", v)),
            Gen.Elements("0", "-1", "x", "99999999999999999999").Select(v => ("Last-Event-ID", v)),
            Gen.Constant(("Origin", route.Pattern)));
    }

    // A push signed as WeChat signs it, to the plaintext connection of `fuzz` or the demo's safe-mode one,
    // with a hostile body; some signatures, timestamps or nonces are wrong.
    private static Gen<FuzzRequest> Callback(FuzzWorld world)
    {
        var key = EncodingAesKey.Parse(DemoWorld.EncodingAesKey);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return from safe in ArbMap.Default.GeneratorFor<bool>()
               from xml in Gen.Frequency((3, Gen.Elements(Xml)), (1, Gen.Elements(world.Tickets.Select(t => Event(t)).ToArray())))
               from timestamp in Gen.Frequency((6, Gen.Constant(now.ToString(CultureInfo.InvariantCulture))),
                   (1, Gen.Elements("", "x", "-1", "0", "99999999999999999999", "1e3", (now - 3600).ToString(CultureInfo.InvariantCulture))))
               from nonce in Gen.Frequency((6, Gen.Choose(0, int.MaxValue).Select(n => n.ToString(CultureInfo.InvariantCulture))), (1, Gen.Elements("", new string('n', 100), "登录")))
               from goodSignature in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
               from get in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
               from echostr in Gen.Elements("", "x", "登录", new string('e', 5000))
               from encryptType in Gen.Frequency((8, Gen.Constant<string?>(null)), (1, Gen.Elements<string?>("raw", "", "des", "aes")))
               select Signed(safe, xml, timestamp, nonce, goodSignature, get ? echostr : null, encryptType, key);
    }

    private static FuzzRequest Signed(bool safe, string xml, string timestamp, string nonce, bool goodSignature, string? echostr, string? encryptType, EncodingAesKey key)
    {
        var token = safe ? DemoWorld.Token : FuzzWorld.FollowToken;
        var path = safe ? "/pools/default/login/oa-follow/wx-follow/callback" : $"/pools/{FuzzWorld.Pool}/login/oa-follow/{FuzzWorld.FollowSlug}/callback";
        var signature = goodSignature ? WeChatSignature.ForUrl(token, timestamp, nonce) : new string('0', 40);
        var query = $"signature={signature}&timestamp={Uri.EscapeDataString(timestamp)}&nonce={Uri.EscapeDataString(nonce)}&openid=o";
        if (echostr is not null)
            return new FuzzRequest("GET", path, query + "&echostr=" + Uri.EscapeDataString(echostr), null, null, []);
        var body = xml;
        if (safe)
        {
            var encrypt = WxBizMsgCrypt.Encrypt(xml, DemoWorld.OfficialAccountAppId, key, new byte[16]);
            var msgSignature = goodSignature ? WeChatSignature.ForMessage(token, timestamp, nonce, encrypt) : new string('0', 40);
            query += $"&encrypt_type=aes&msg_signature={msgSignature}";
            body = $"<xml><ToUserName><![CDATA[{DemoWorld.OfficialAccountOriginalId}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
        }
        else if (encryptType is not null)
        {
            query += "&encrypt_type=" + Uri.EscapeDataString(encryptType);
        }
        return new FuzzRequest("POST", path, query, body, "text/xml", [], safe ? xml : null);
    }

    private static string Event(string ticket) =>
        $"<xml><ToUserName><![CDATA[{DemoWorld.OfficialAccountOriginalId}]]></ToUserName><FromUserName><![CDATA[o-fuzz]]></FromUserName><CreateTime>1</CreateTime>" +
        $"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[{ticket}]]></EventKey><Ticket><![CDATA[{ticket}]]></Ticket></xml>";

    // A JSON text: an object of known field names most of the time, any JSON value otherwise.
    private static Gen<string> Json(Gen<string> text, string[] names, int depth)
    {
        var scalar = Gen.OneOf(
            text.Select(t => JsonSerializer.Serialize(t)), Gen.Elements(Numbers),
            Gen.Elements("true", "false", "null"), Gen.Choose(int.MinValue, int.MaxValue).Select(n => n.ToString(CultureInfo.InvariantCulture)));
        if (depth == 0)
            return scalar;
        var inner = Json(text, names, depth - 1);
        var array = Gen.ListOf(inner).Select(items => "[" + string.Join(',', items) + "]");
        var obj = Gen.ListOf(Gen.Zip(Gen.Elements(names), Gen.Frequency((3, scalar), (1, inner))))
            .Select(fields => "{" + string.Join(',', fields.Select(f => JsonSerializer.Serialize(f.Item1) + ":" + f.Item2)) + "}");
        return Gen.Frequency((1, scalar), (1, array), (4, obj));
    }
}

public sealed record FuzzRequest(string Method, string Path, string Query, string? Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers,
    string? Plaintext = null)
{
    public HttpRequestMessage ToMessage(Uri root)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(root, Path + (Query.Length > 0 ? "?" + Query : "")));
        if (Body is not null)
        {
            request.Content = new StringContent(Body, Encoding.UTF8);
            request.Content.Headers.Remove("Content-Type");
            if (ContentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            // A large body an endpoint refuses unread would otherwise break off on the client's side.
            request.Headers.ExpectContinue = Body.Length > 16 * 1024;
        }
        foreach (var (name, value) in Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    // Past Kestrel's request-line or header limits (KestrelLimits.cs) the server answers 414 or 431 and
    // closes the connection, often before the client has finished sending.
    public bool PastKestrelLimits => Path.Length + Query.Length > 8000 || Headers.Sum(h => h.Name.Length + Encoding.UTF8.GetByteCount(h.Value)) > 30_000;

    public override string ToString() =>
        $"{Method} {Path}?{Shorten(Query)} [{ContentType}] {Shorten(Body ?? "")} {string.Join("; ", Headers.Select(h => h.Name + ": " + Shorten(h.Value)))}{(Plaintext is null ? "" : " encrypting " + Shorten(Plaintext))}";

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
