namespace WeGate.Server.Tests;

public abstract partial class AdminApiContract
{
    [Fact]
    public async Task Health_says_alive_and_ready_with_the_schema_version()
    {
        var alive = await Server.Http.GetAsync("/healthz");
        Assert.Equal(200, (int)alive.StatusCode);
        var ready = await (await Server.Http.GetAsync("/readyz")).JsonAsync();
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.True(ready.GetProperty("schema_version").GetInt32() >= 1);
    }

    [Fact]
    public async Task The_admin_api_refuses_a_missing_or_wrong_key_with_401_and_says_how_to_authenticate()
    {
        var missing = await Server.Http.GetAsync("/admin/api/pools");
        await missing.AssertProblemAsync(401);
        Assert.Contains("Bearer", missing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/api/pools");
        wrong.Headers.Authorization = new("Bearer", "wgk_000000000000_" + new string('A', 43));
        await (await Server.Http.SendAsync(wrong)).AssertProblemAsync(401);

        using var mangled = new HttpRequestMessage(HttpMethod.Get, "/admin/api/pools");
        mangled.Headers.Authorization = new("Bearer", TestServer.AdminKey + "x");
        await (await Server.Http.SendAsync(mangled)).AssertProblemAsync(401);
    }

    [Fact]
    public async Task The_default_pool_exists_and_a_pool_can_be_created_read_renamed_and_deleted()
    {
        var list = await (await Admin.GetAsync("/admin/api/pools")).JsonAsync();
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("name").GetString() == "default");

        var created = await Admin.PostJsonAsync("/admin/api/pools", new { name = "shop-cn", display_name = "Shop" });
        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal("/admin/api/pools/shop-cn", created.Headers.Location?.OriginalString);

        var renamed = await Admin.PutJsonAsync("/admin/api/pools/shop-cn", new { display_name = "Shop China" });
        Assert.Equal("Shop China", (await renamed.JsonAsync()).GetProperty("display_name").GetString());
        Assert.Equal("Shop China", (await (await Admin.GetAsync("/admin/api/pools/shop-cn")).JsonAsync()).GetProperty("display_name").GetString());

        Assert.Equal(204, (int)(await Admin.DeleteAsync("/admin/api/pools/shop-cn")).StatusCode);
        await (await Admin.GetAsync("/admin/api/pools/shop-cn")).AssertProblemAsync(404);
        await (await Admin.DeleteAsync("/admin/api/pools/shop-cn")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("has space")]
    [InlineData("-leading")]
    [InlineData("a-name-that-is-far-too-long-for-a-slug")]
    [InlineData("")]
    public async Task A_pool_name_that_breaks_the_slug_rule_is_refused_naming_the_field(string name)
    {
        var response = await Admin.PostJsonAsync("/admin/api/pools", new { name, display_name = "x" });
        await response.AssertProblemAsync(400, "name");
    }

    [Fact]
    public async Task A_duplicate_pool_is_a_conflict_and_renaming_a_pool_is_refused()
    {
        var pool = await NewPoolAsync();
        await (await Admin.PostJsonAsync("/admin/api/pools", new { name = pool })).AssertProblemAsync(409);
        await (await Admin.PutJsonAsync($"/admin/api/pools/{pool}", new { name = "other", display_name = "x" })).AssertProblemAsync(400, "name");
        await (await Admin.PutJsonAsync("/admin/api/pools/no-such-pool", new { display_name = "x" })).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Malformed_json_unknown_fields_wrong_types_and_wrong_media_types_get_clear_errors()
    {
        await (await Admin.SendRawAsync(HttpMethod.Post, "/admin/api/pools", "{\"name\": ")).AssertProblemAsync(400, "body");
        await (await Admin.SendRawAsync(HttpMethod.Post, "/admin/api/pools", "{\"name\":\"ok\" \"x\"}")).AssertProblemAsync(400, "body");
        var unknown = await (await Admin.SendRawAsync(HttpMethod.Post, "/admin/api/pools", "{\"name\":\"ok\",\"colour\":\"red\"}")).AssertProblemAsync(400, "colour");
        var wrongType = await (await Admin.SendRawAsync(HttpMethod.Post, "/admin/api/pools", "{\"name\":42}")).AssertProblemAsync(400, "name");
        foreach (var problem in new[] { unknown, wrongType })
        {
            Assert.DoesNotContain("WeGate.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("System.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        await (await Admin.SendRawAsync(HttpMethod.Post, "/admin/api/pools", "null")).AssertProblemAsync(400, "body");
        await (await Admin.SendRawAsync(HttpMethod.Post, "/admin/api/pools", "name=x", "application/x-www-form-urlencoded")).AssertProblemAsync(415);
        Assert.Null((await (await Admin.GetAsync("/admin/api/pools/ok")).JsonAsync()).TryGetProperty("name", out var n) ? n.GetString() : null);
    }

    [Fact]
    public async Task A_body_over_the_admin_limit_is_refused_with_413_and_nothing_is_written()
    {
        var huge = new string('a', 70 * 1024);
        var response = await Admin.PostJsonAsync("/admin/api/pools", new { name = "too-big", display_name = huge });
        await response.AssertProblemAsync(413);
        await (await Admin.GetAsync("/admin/api/pools/too-big")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_admin_route_and_none_of_the_pages_and_protocol_endpoints_and_only_to_an_admin()
    {
        await (await Server.Http.GetAsync("/openapi/v1.json")).AssertProblemAsync(401);
        var doc = await (await Admin.GetAsync("/openapi/v1.json")).JsonAsync();
        var described = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}")).ToHashSet();

        var routes = MappedRoute.AllOf(Server.App);
        var admin = routes.Where(r => r.Path.StartsWith(WeGate.Server.Admin.AdminApi.Prefix + "/", StringComparison.Ordinal)).ToList();
        var excluded = routes.Where(r => r.Excluded).ToList();

        Assert.Contains(admin, r => r.Path == "/admin/api/pools/{pool}/connections");
        Assert.Contains(excluded, r => r.Path == "/pools/{pool}/oauth2/token");
        Assert.Contains(excluded, r => r.Path.StartsWith("/pools/{pool}/login", StringComparison.Ordinal));
        Assert.All(admin, r => Assert.False(r.Excluded, $"{r} is excluded from the description"));
        Assert.All(admin.SelectMany(r => r.Operations), op => Assert.Contains(op, described));
        var describedPaths = described.Select(op => op[(op.IndexOf(' ', StringComparison.Ordinal) + 1)..]).ToHashSet();
        Assert.All(excluded, r => Assert.DoesNotContain(r.Path, describedPaths));
    }

    // Every admin operation is described completely (docs/admin-api.md): it needs the admin key, says what
    // it answers (a schema for every JSON answer, problems for the errors) and what body it takes.
    [Fact]
    public async Task The_openapi_document_gives_every_admin_operation_its_security_body_and_answers_with_schemas()
    {
        var response = await Admin.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        var doc = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.Equal("WeGate admin API", doc.GetProperty("info").GetProperty("title").GetString());
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("adminKey");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var withBody = MappedRoute.AllOf(Server.App).Where(r => r.TakesJson).SelectMany(r => r.Operations).ToHashSet();
        var operations = 0;
        // The admin API alone: the sandbox and the protocol endpoints are described elsewhere.
        Assert.All(doc.GetProperty("paths").EnumerateObject(), p => Assert.StartsWith("/admin/api/", p.Name, StringComparison.Ordinal));
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name != "parameters"))
            {
                operations++;
                var name = $"{op.Name.ToUpperInvariant()} {path.Name}";
                Assert.False(string.IsNullOrWhiteSpace(op.Value.GetProperty("summary").GetString()), $"{name} has no summary");
                var security = Assert.Single(op.Value.GetProperty("security").EnumerateArray());
                Assert.True(security.TryGetProperty("adminKey", out _), $"{name} does not require the admin key");

                var responses = op.Value.GetProperty("responses").EnumerateObject().ToList();
                var success = Assert.Single(responses, r => r.Name.StartsWith('2'));
                if (success.Name != "204")
                    Assert.True(success.Value.GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _), $"{name} answers {success.Name} without a schema");
                foreach (var status in new[] { "401", "403", "404", "429" })
                    Assert.True(responses.Any(r => r.Name == status), $"{name} does not describe {status}");
                foreach (var problem in responses.Where(r => r.Name[0] is '4' or '5'))
                    Assert.True(problem.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{name}'s {problem.Name} is not a problem");

                Assert.Equal(withBody.Contains(name), op.Value.TryGetProperty("requestBody", out var body));
                if (withBody.Contains(name))
                {
                    Assert.True(body.GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _), $"{name} takes a body without a schema");
                    Assert.True(body.GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _),
                        $"{name} takes a body without an example: add one to AdminExamples");
                    Assert.True(responses.Any(r => r.Name == "400"), $"{name} does not describe 400");
                }
            }
        }
        Assert.Equal(MappedRoute.AllOf(Server.App).Where(r => r.Path.StartsWith("/admin/api/", StringComparison.Ordinal)).Sum(r => r.Methods.Count), operations);
    }
}
