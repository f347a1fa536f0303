using System.Text.Json.Nodes;

namespace WeGate.Server.Admin;

// The examples of the admin API's OpenAPI document (docs/admin-api.md#openapi-document): a request body
// for every operation that takes one, and the answer of the main ones. Listed in an order that works
// when sent as they are to a new WeGate: a test does exactly that and compares each answer with its
// example, so an example cannot drift from what the API accepts and returns. A new operation with a
// body needs its example here (the OpenAPI test says so). Ids, key ids and secrets differ every time:
// the test checks only their presence and a secret's prefix.
internal static class AdminExamples
{
    public sealed record Example(string Operation, string Request, string? Response = null);

    public static readonly IReadOnlyList<Example> All =
    [
        new("POST /admin/api/pools", """{"name":"shop","display_name":"Shop"}""",
            """{"name":"shop","display_name":"Shop","created_at":"2026-12-03T08:00:00+00:00","updated_at":"2026-12-03T08:00:00+00:00"}"""),
        new("PUT /admin/api/pools/{pool}", """{"display_name":"Shop (CN)"}""",
            """{"name":"shop","display_name":"Shop (CN)","created_at":"2026-12-03T08:00:00+00:00","updated_at":"2026-12-03T08:05:00+00:00"}"""),
        new("POST /admin/api/pools/{pool}/connections",
            """{"slug":"wx-web","type":"website-qr","display_name":"WeChat","app_id":"wx1234567890abcdef","app_secret":"0123456789abcdef0123456789abcdef","binding_policy":"none"}""",
            """{"pool":"shop","slug":"wx-web","type":"website-qr","display_name":"WeChat","app_id":"wx1234567890abcdef","settings":{},"login_only":false,"binding_policy":"none","enabled":true,"secrets_set":["app_secret"],"created_at":"2026-12-03T08:00:00+00:00","updated_at":"2026-12-03T08:00:00+00:00"}"""),
        new("PUT /admin/api/pools/{pool}/connections/{slug}", """{"display_name":"WeChat scan","login_only":true}"""),
        new("POST /admin/api/pools/{pool}/applications",
            """{"client_id":"shop-web","display_name":"Shop web","type":"web","redirect_uris":["https://shop.example.com/signin-oidc"],"connections":["wx-web"]}""",
            """{"application":{"pool":"shop","client_id":"shop-web","display_name":"Shop web","type":"web","redirect_uris":["https://shop.example.com/signin-oidc"],"connections":["wx-web"],"enabled":true},"client_secret":"wgs_3Jk9tQx0Vb2mYw8ZcRr5nE1aLpU7sHdF4gKoW6iTqMe"}"""),
        new("PUT /admin/api/pools/{pool}/applications/{clientId}",
            """{"post_logout_redirect_uris":["https://shop.example.com/"],"branding":{"logo_uri":"https://shop.example.com/logo.png","primary_color":"#1677ff"}}"""),
        new("POST /admin/api/pools/{pool}/users", """{"email":"mei@example.com","password":"correct horse battery","profile":{"name":"Mei Lin"}}""",
            """{"user":{"id":"01a1fb628c837abba6fb89bc43642057","pool":"shop","profile":{"name":"Mei Lin","email":"mei@example.com","email_verified":false},"blocked":false,"login_count":0},"identities":[{"id":"01a1fb628c9b752d8a581039f117a6b2","kind":"email","identifier":"mei@example.com","verified":false}]}"""),
        new("PATCH /admin/api/pools/{pool}/users/{userId}", """{"nickname":"Mei","phone_number":"+8613800138000","phone_number_verified":true}"""),
        new("PUT /admin/api/pools/{pool}/users/{userId}/password", """{"password":"another horse battery"}"""),
        new("POST /admin/api/pools/{pool}/users/{userId}/merge", """{"source_user_id":"01a1fb629f4f70a1978f4d4996a09bab"}"""),
        new("POST /admin/api/pools/{pool}/signing-keys/rotate", """{"algorithm":"ES256","retention_seconds":3600}""",
            """{"kid":"Z39pIfJhqvwXB4x2ujHm3yqlfyBqM7NdpNAeH1zSSIc","algorithm":"ES256","previous_key_published_for_seconds":3600}"""),
        new("POST /admin/api/pools/{pool}/webhooks",
            """{"url":"https://shop.example.com/hooks/wegate","event_types":["user.created","user.signed_in","user.blocked"],"description":"CRM sync"}"""),
        new("PUT /admin/api/pools/{pool}/webhooks/{webhookId}", """{"event_types":["user.created","user.blocked","user.unblocked"],"enabled":false}""",
            """{"pool":"shop","url":"https://shop.example.com/hooks/wegate","description":"CRM sync","event_types":["user.created","user.blocked","user.unblocked"],"enabled":false}"""),
        new("POST /admin/api/keys", """{"name":"ci","pools":["shop"]}"""),
    ];

    public static Example? Of(string operation) => All.FirstOrDefault(e => e.Operation == operation);

    public static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}
