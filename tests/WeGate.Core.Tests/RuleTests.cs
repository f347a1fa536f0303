using WeGate.Core.Admin;
using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Core.Validation;

namespace WeGate.Core.Tests;

public sealed class RuleTests
{
    [Theory]
    [InlineData("default", true)]
    [InlineData("wx-login-2", true)]
    [InlineData("a", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz01234", true)]   // 31
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", false)] // 32
    [InlineData("", false)]
    [InlineData("Default", false)]
    [InlineData("wx_login", false)]
    [InlineData("-wx", false)]
    [InlineData("wx-", false)]
    [InlineData("wx login", false)]
    [InlineData("微信", false)]
    public void Slugs_follow_the_design_rule(string slug, bool valid) => Assert.Equal(valid, Slug.IsValid(slug));

    [Theory]
    [InlineData("wgk_0123456789ab_" + "AAAA", "0123456789ab")]
    [InlineData("wgk_short_AAAA", null)]
    [InlineData("Bearer wgk_0123456789ab_AAAA", null)]
    [InlineData("", null)]
    public void Admin_key_ids_are_read_only_from_well_formed_keys(string key, string? id) => Assert.Equal(id, AdminKeys.ParseId(key));

    private static Connection Conn(string type, ConnectionSettings? settings = null) => new()
    {
        Pool = "default", Slug = "c", Type = type, DisplayName = "C", AppId = "wx0123456789abcdef", Settings = settings ?? new(),
    };

    private static IDictionary<string, string[]> Errors(Connection c, ConnectionSecrets s)
    {
        var errors = new ValidationErrors();
        ConnectionRules.Validate(c, s, errors);
        return errors.ToDictionary();
    }

    [Fact]
    public void An_official_account_in_safe_mode_needs_its_token_and_encoding_aes_key()
    {
        var errors = Errors(Conn(ConnectionType.OfficialAccountFollow, new() { MessageMode = MessageMode.Safe }), new() { AppSecret = "abc" });
        Assert.Contains("token", errors.Keys);
        Assert.Contains("encoding_aes_key", errors.Keys);
        Assert.Empty(Errors(Conn(ConnectionType.OfficialAccountFollow, new() { MessageMode = MessageMode.Safe }),
            new() { AppSecret = "abc", Token = "tok", EncodingAesKey = new string('a', 43) }));
    }

    [Fact]
    public void Settings_of_another_connection_type_are_refused_rather_than_ignored()
    {
        var errors = Errors(Conn(ConnectionType.Mobile, new() { Scope = "snsapi_base", Page = "pages/index", MessageMode = "safe" }), new() { AppSecret = "abc" });
        Assert.Contains("settings.scope", errors.Keys);
        Assert.Contains("settings.page", errors.Keys);
        Assert.Contains("settings.message_mode", errors.Keys);
    }

    private static IDictionary<string, string[]> Errors(Application a)
    {
        var errors = new ValidationErrors();
        ApplicationRules.Validate(a, errors);
        return errors.ToDictionary();
    }

    private static Application App(string type, params string[] redirects) => new()
    {
        Pool = "default", ClientId = "app", DisplayName = "App", Type = type, RedirectUris = redirects, Grants = [GrantType.AuthorizationCode],
    };

    [Theory]
    [InlineData("web", "https://app.example.com/cb", true)]
    [InlineData("web", "http://localhost:8080/cb", true)]
    [InlineData("web", "http://127.0.0.1/cb", true)]
    [InlineData("web", "http://app.example.com/cb", false)]
    [InlineData("web", "https://app.example.com/cb#x", false)]
    [InlineData("web", "https://app.example.com/*", false)]
    [InlineData("web", "com.example.app:/cb", false)]
    [InlineData("native", "com.example.app:/cb", true)]
    [InlineData("spa", "cb", false)]
    [InlineData("spa", "javascript:alert(1)", false)]
    [InlineData("native", "javascript:alert(1)//", false)]
    [InlineData("native", "data:text/html,<script>alert(1)</script>", false)]
    [InlineData("native", "file:///etc/passwd", false)]
    [InlineData("native", "vbscript:msgbox", false)]
    [InlineData("native", "myapp:/cb", false)]                       // not reverse-domain (RFC 8252 §7.1)
    [InlineData("native", "com.example.app://cb", true)]
    [InlineData("native", "com.example.app://user@cb/x", false)]     // userinfo
    [InlineData("native", "https://user:pw@app.example.com/cb", false)]
    [InlineData("web", "https://user@app.example.com/cb", false)]
    [InlineData("spa", "https://app.example.com/cb?x=a@b", true)]   // an @ in the query is no userinfo
    [InlineData("native", "com.example.app:/cb#frag", false)]
    [InlineData("native", "http://127.0.0.1/cb", true)]
    [InlineData("native", "http://127.0.0.1:51000/cb", true)]
    [InlineData("native", "http://[::1]/cb", true)]
    [InlineData("native", "http://localhost/cb", false)]            // RFC 8252 §8.3
    [InlineData("native", "http://app.example.com/cb", false)]
    [InlineData("native", "https://app.example.com/cb", true)]      // claimed https URL (§7.2)
    [InlineData("web", "https://app.example.com/caf\u00e9", false)]  // non-ASCII: percent-encode
    public void Redirect_uris_must_be_exact_absolute_and_safe(string type, string uri, bool valid) =>
        Assert.Equal(valid, !Errors(App(type, System.Text.RegularExpressions.Regex.Unescape(uri))).ContainsKey("redirect_uris"));

    [Theory]
    [InlineData("native", "http://127.0.0.1/cb", "http://127.0.0.1:53124/cb", true)]   // RFC 8252 §7.3: any port
    [InlineData("native", "http://127.0.0.1:8080/cb", "http://127.0.0.1:9/cb", true)]
    [InlineData("native", "http://[::1]/cb", "http://[::1]:61000/cb", true)]
    [InlineData("native", "http://127.0.0.1/cb", "http://127.0.0.1:53124/other", false)]
    [InlineData("native", "http://127.0.0.1/cb", "http://[::1]:53124/cb", false)]
    [InlineData("native", "http://127.0.0.1/cb", "http://localhost:53124/cb", false)]
    [InlineData("native", "http://127.0.0.1/cb", "http://user@127.0.0.1:53124/cb", false)]
    [InlineData("web", "http://127.0.0.1/cb", "http://127.0.0.1:53124/cb", false)]      // exact for everyone else
    [InlineData("native", "com.example.app:/cb", "com.example.app:/cb", true)]
    [InlineData("native", "com.example.app:/cb", "com.example.app:/cb/", false)]
    public void Only_a_native_loopback_redirect_may_differ_from_the_registered_one_and_only_in_its_port(string type, string registered, string requested, bool matches) =>
        Assert.Equal(matches, ApplicationRules.IsRegisteredRedirect(App(type, registered), requested));

    [Fact]
    public void Only_a_confidential_client_may_use_client_credentials_and_the_implicit_grant_does_not_exist()
    {
        var spa = App("spa", "https://a.example.com/cb") with { Grants = [GrantType.ClientCredentials, "implicit", "password"] };
        var messages = Errors(spa)["grants"];
        Assert.Equal(3, messages.Length);
        Assert.Empty(Errors(App("web", "https://a.example.com/cb") with { Grants = [GrantType.ClientCredentials] }));
    }
}
