using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WeGate.Server.Admin;

namespace WeGate.Server.Tests;

// The OpenAPI document's examples (AdminExamples) are sent as they are, in their order, to a WeGate of
// their own: each is accepted, and each answer has what its example shows.
public sealed class AdminExampleTests(SqliteServer f) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task Every_example_of_the_openapi_document_is_accepted_and_answered_as_it_shows()
    {
        var server = f.Server;
        var doc = await (await server.Admin.GetAsync("/openapi/v1.json")).JsonAsync();
        string? userId = null, webhookId = null;
        foreach (var example in AdminExamples.All)
        {
            var (method, route) = (example.Operation.Split(' ')[0], example.Operation.Split(' ')[1]);
            var described = doc.GetProperty("paths").GetProperty(route).GetProperty(method.ToLowerInvariant());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(example.Request),
                JsonNode.Parse(described.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetRawText())), example.Operation);

            var body = example.Request;
            if (route.EndsWith("/merge", StringComparison.Ordinal))
            {
                var other = await server.Admin.PostJsonAsync("/admin/api/pools/shop/users", new { email = "mei.lin@example.com" });
                body = body.Replace("01a1fb629f4f70a1978f4d4996a09bab", (await other.JsonAsync()).GetProperty("user").GetProperty("id").GetString(), StringComparison.Ordinal);
            }
            var path = route.Replace("{pool}", "shop", StringComparison.Ordinal).Replace("{slug}", "wx-web", StringComparison.Ordinal)
                .Replace("{clientId}", "shop-web", StringComparison.Ordinal).Replace("{userId}", userId ?? "", StringComparison.Ordinal)
                .Replace("{webhookId}", webhookId ?? "", StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            var response = await server.Admin.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{example.Operation} refused its example: {(int)response.StatusCode} {text}");
            if (route == "/admin/api/pools/{pool}/users")
                userId = JsonDocument.Parse(text).RootElement.GetProperty("user").GetProperty("id").GetString();
            if (route == "/admin/api/pools/{pool}/webhooks")
                webhookId = JsonDocument.Parse(text).RootElement.GetProperty("webhook").GetProperty("id").GetString();
            if (example.Response is not null)
                Shows(example.Operation, JsonDocument.Parse(example.Response).RootElement, JsonDocument.Parse(text).RootElement);
        }
    }

    // Every field of the example is in the answer, with its value unless it is a time, an id or a secret,
    // which differ every time.
    private static void Shows(string at, JsonElement example, JsonElement actual)
    {
        switch (example.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in example.EnumerateObject())
                {
                    Assert.Equal(JsonValueKind.Object, actual.ValueKind);
                    Assert.True(actual.TryGetProperty(p.Name, out var value), $"{at}: the answer has no {p.Name}: {actual}");
                    if (p.Name is "id" or "kid")
                        Assert.Equal(JsonValueKind.String, value.ValueKind);
                    else if (p.Name == "client_secret")
                        Assert.StartsWith("wgs_", value.GetString(), StringComparison.Ordinal);
                    else if (!p.Name.EndsWith("_at", StringComparison.Ordinal))
                        Shows($"{at}.{p.Name}", p.Value, value);
                }
                break;
            case JsonValueKind.Array:
                Assert.Equal(example.GetArrayLength(), actual.GetArrayLength());
                foreach (var (e, a) in example.EnumerateArray().Zip(actual.EnumerateArray()))
                    Shows(at + "[]", e, a);
                break;
            default:
                Assert.True(example.GetRawText() == actual.GetRawText(), $"{at}: the example shows {example.GetRawText()}, the answer {actual.GetRawText()}");
                break;
        }
    }
}
