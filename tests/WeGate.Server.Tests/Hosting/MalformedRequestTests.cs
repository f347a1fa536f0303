using System.Net;
using System.Text;
using WeGate.Server.Errors;

namespace WeGate.Server.Tests.Hosting;

// Requests no client library would send: each is refused with a 4xx that says what is wrong, as OAuth
// error JSON on the OAuth endpoints and problem+json elsewhere, and leaves no stack trace in the log.
public sealed class MalformedRequestTests(SqliteServer fixture) : IClassFixture<SqliteServer>
{
    private TestServer Server => fixture.Server;

    public static TheoryData<string> OAuthFormEndpoints =>
        ["/pools/default/oauth2/token", "/pools/default/oauth2/revoke", "/pools/default/oauth2/introspect",
         "/pools/default/oauth2/authorize", "/pools/default/oauth2/logout", "/pools/default/oauth2/userinfo"];

    public static TheoryData<string> PageFormEndpoints =>
        ["/pools/default/login", "/pools/default/login/account/select", "/pools/default/login/account/create",
         "/pools/default/login/account/bind", "/pools/default/login/account/bind/send", "/pools/default/login/account/bind/code"];

    [Fact]
    public async Task Userinfo_without_a_bearer_token_is_a_401_with_an_ascii_challenge()
    {
        var mark = Server.Log.Mark();
        var response = await Server.Http.GetAsync("/pools/default/oauth2/userinfo");
        await ErrorAssert.AnswersAsync(response, WeGateErrors.BearerTokenMissing);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Contains("RFC 6750 section 2.1", challenge, StringComparison.Ordinal);
        Assert.Empty(Server.Log.ErrorsSince(mark));
    }

    [Theory]
    [MemberData(nameof(OAuthFormEndpoints))]
    public async Task A_form_of_too_many_fields_on_an_oauth_endpoint_is_an_invalid_request(string path)
    {
        var mark = Server.Log.Mark();
        var response = await Server.Http.PostAsync(path, TooManyFields());
        var json = await ErrorAssert.AnswersAsync(response, WeGateErrors.BodyUnreadable);
        Assert.Contains("1024", json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Empty(Server.Log.ErrorsSince(mark));
    }

    [Theory]
    [MemberData(nameof(PageFormEndpoints))]
    public async Task A_form_of_too_many_fields_on_a_page_is_a_problem(string path)
    {
        var mark = Server.Log.Mark();
        await (await Server.Http.PostAsync(path, TooManyFields())).AssertProblemAsync(400);
        Assert.Empty(Server.Log.ErrorsSince(mark));
    }

    [Theory]
    [MemberData(nameof(OAuthFormEndpoints))]
    [MemberData(nameof(PageFormEndpoints))]
    public async Task A_broken_multipart_body_is_a_400(string path)
    {
        var mark = Server.Log.Mark();
        foreach (var (body, type) in new[]
        {
            ("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", "multipart/form-data; boundary=xyz"),
            ("a=1", "multipart/form-data"),
            ("--x\r\n\r\n--x--\r\n", "multipart/form-data; boundary=x"),
        })
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", type);
            var response = await Server.Http.PostAsync(path, content);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{type}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Empty(Server.Log.ErrorsSince(mark));
    }

    [Theory]
    [MemberData(nameof(PageFormEndpoints))]
    public async Task A_page_form_sent_as_json_is_refused(string path)
    {
        var mark = Server.Log.Mark();
        var response = await Server.Http.SendRawAsync(HttpMethod.Post, path, "{\"login\":\"x\"}");
        // Without its cookie an account page says it has expired before it reads the body.
        if (path.EndsWith("/login", StringComparison.Ordinal))
            await response.AssertProblemAsync(415);
        else
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Server.Log.ErrorsSince(mark));
    }

    [Theory]
    [MemberData(nameof(OAuthFormEndpoints))]
    [MemberData(nameof(PageFormEndpoints))]
    public async Task An_oversized_form_is_a_413(string path)
    {
        var mark = Server.Log.Mark();
        // Expect: 100-continue lets WeGate refuse before the client sends the body, as curl does.
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent("a=" + new string('x', 2 * 1024 * 1024), Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.ExpectContinue = true;
        var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(Server.Log.ErrorsSince(mark));
    }

    private static FormUrlEncodedContent TooManyFields() =>
        new(Enumerable.Range(0, 1100).Select(i => KeyValuePair.Create("f" + i, "v")));
}
