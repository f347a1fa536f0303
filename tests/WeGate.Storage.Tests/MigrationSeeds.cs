using System.Data.Common;
using Microsoft.Extensions.Time.Testing;
using Dapper;
using WeGate.Core.Authorization;
using WeGate.Core.OneTimeCodes;
using WeGate.Core.Secrets;
using WeGate.Core.Tickets;
using WeGate.Storage.Stores;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Storage.Tests;

// For each migration, rows of the tables it creates or changes, written in the columns that exist at
// its version, and how each reads back through the stores once the database is at the latest version.
// A new migration gets its seed here (MigrationWithDataContract fails until it has one).
public sealed class MigrationSeeds(Database db, FakeTimeProvider clock)
{
    public static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string Pool = "seeded";
    private const string User = "u-seeded";
    private const string Client = "app-seeded";
    private const string Phone = "+8613800000000";
    private static readonly long Created = Now.AddHours(-1).ToUnixTimeMilliseconds();
    private static readonly long Expires = Now.AddDays(1).ToUnixTimeMilliseconds();
    private static readonly SecretProtector Protector = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public IEnumerable<int> Versions => Seeds.Keys.Order();

    public Seed For(int version) =>
        Seeds.TryGetValue(version, out var seed) ? seed : throw new InvalidOperationException($"Migration {version} has no seed: add one to {nameof(MigrationSeeds)}.");

    private Dictionary<int, Seed> Seeds => new()
    {
        [1] = new(Initial, InitialReadsBack),
        [2] = new(c => InsertAsync(c, "wechat_access_tokens", new
        {
            app_id = "wx-seeded", token = Protector.Protect("token-seeded", "wechat-access-token:wx-seeded"), expires_at = Expires, version = 1, updated_at = Created,
        }), async () => Assert.Equal("token-seeded", (await new WeChatTokenStore(db, Protector, clock).GetAsync("wx-seeded"))?.Token)),
        [3] = new(async c =>
        {
            await InsertAsync(c, "grants", new { id = "g-seeded", pool = Pool, client_id = Client, user_id = User, session_id = "s-seeded", scope = "openid", created_at = Created });
            await InsertAsync(c, "passwords", new { user_id = User, hash = "hash-seeded", failed_attempts = 2, updated_at = Created });
        }, async () =>
        {
            Assert.Equal(User, (await new GrantStore(db, clock).GetAsync(Pool, "g-seeded"))?.UserId);
            Assert.Equal("hash-seeded", (await new PasswordStore(db, clock).GetAsync(User))?.Hash);
        }),
        [4] = new(c => InsertAsync(c, "grants", new
        {
            id = "g4-seeded", pool = Pool, client_id = Client, user_id = User, scope = "openid", auth_time = Created, amr = "pwd", created_at = Created,
        }), async () =>
        {
            var grant = await new GrantStore(db, clock).GetAsync(Pool, "g4-seeded");
            Assert.Equal((Now.AddHours(-1), "pwd"), (grant?.AuthTime, grant?.Amr));
        }),
        [5] = new(c => InsertAsync(c, "one_time_codes", new
        {
            id = "otc-seeded", pool = Pool, channel = CodeRecipients.Name(CodeChannel.Sms), recipient = Phone, purpose = "bind", code_hash = "code-hash",
            attempts = 1, expires_at = Expires, created_at = Created, ip = "192.0.2.1",
        }), async () => Assert.Equal("otc-seeded", (await new OneTimeCodeStore(db).FindLatestAsync(Pool, CodeChannel.Sms, Phone, "bind"))?.Id)),
        [6] = new(c => InsertAsync(c, "account_choices", new
        {
            pool = Pool, unionid = "union-seeded", openid = "wx-seeded:o-seeded", chosen_user_id = User, created_at = Created,
        }), async () => Assert.Equal(User, await new AccountChoiceStore(db, clock).FindAsync(Pool, "union-seeded", "wx-seeded:o-seeded"))),
        [7] = new(c => InsertAsync(c, "auth_sessions", new
        {
            handle_hash = "handle-seeded", pool = Pool, client_id = Client, payload = "{\"step\":1}", created_at = Created, expires_at = Expires,
        }), async () => Assert.Equal("{\"step\":1}", await new AuthSessionStore(db, clock).TakeAsync(Pool, Client, "handle-seeded"))),
        // Indexes only: the rows of versions 1–7 are what they are built over.
        [8] = new(_ => Task.CompletedTask, () => Task.CompletedTask),
        [9] = new(SecurityHardening, SecurityHardeningReadsBack),
        [10] = new(async c =>
        {
            await InsertAsync(c, "applications", Application("abs-seeded", new { refresh_token_absolute_seconds = 2_592_000 }));
            await InsertAsync(c, "callback_nonces", new { id = "nonce-seeded", body_hash = "body-hash", expires_at = Expires });
        }, async () =>
        {
            Assert.Equal(2_592_000, (await new ApplicationStore(db, clock).GetAsync(Pool, "abs-seeded"))?.Lifetimes.RefreshTokenAbsoluteSeconds);
            // The seeded nonce is known: it is refused with another body.
            Assert.False(await new CallbackNonceStore(db).AcceptAsync("nonce-seeded", "another-body", Now.AddDays(1)));
        }),
        [11] = new(async c =>
        {
            await InsertAsync(c, "one_time_code_failures", new
            {
                recipient_key = SecretHash.Hash(CodeRecipients.Name(CodeChannel.Sms) + "\n" + Phone), failures = 5, expires_at = Expires,
            });
            await UntypedTickets(c);
        }, async () =>
        {
            Assert.Equal(Now.AddDays(1), await new OneTimeCodeStore(db).LockedUntilAsync(CodeChannel.Sms, Phone, 5, Now));
            await UntypedTicketsReadBack();
        }),
        [12] = new(c => InsertAsync(c, "login_tickets", new
        {
            id = "t12-seeded", pool = Pool, kind = "app-mp", connection_slug = "appmp", state = "pending", client_id = Client, secret_hash = "secret-hash",
            version = 0, created_at = Created, updated_at = Created, expires_at = Expires,
        }), async () => Assert.Equal((TicketKind.AppMiniProgram, Client),
            (await new LoginTicketStore(db, clock).GetAsync(Pool, "t12-seeded")) is { } t ? (t.Kind, t.ClientId) : default)),
        [13] = new(c => InsertAsync(c, "applications", Application("brand-seeded", new { logo_uri = "https://cdn.example.com/logo.png", primary_color = "#0958d9" })),
            async () =>
            {
                var store = new ApplicationStore(db, clock);
                Assert.Equal(new Core.Applications.Branding("https://cdn.example.com/logo.png", "#0958d9"), (await store.GetAsync(Pool, "brand-seeded"))?.Branding);
                // An application from before branding wears WeGate's own.
                Assert.Equal(Core.Applications.Branding.None, (await store.GetAsync(Pool, Client))?.Branding);
            }),
        [14] = new(c => InsertAsync(c, "console_administrators", new { user_id = User, role = "read-only", created_at = Created }),
            async () => Assert.Equal("read-only", (await new AdministratorStore(db, clock).GetAsync(User))?.Role)),
        [15] = new(async c =>
        {
            await InsertAsync(c, "webhook_endpoints", new
            {
                id = "wh_seeded", pool = Pool, url = "https://app.example.com/hooks", description = "seeded", event_types = "user.created user.blocked", enabled = true,
                secret = Protector.Protect("whsec_c2VlZGVk", "webhook:seeded:wh_seeded"), created_at = Created, updated_at = Created,
            });
            await InsertAsync(c, "webhook_messages", new
            {
                id = "msg_seeded", endpoint_id = "wh_seeded", event_id = "a-seeded", seq = 0, type = "user.created", user_id = User, payload = "{}",
                state = "delivered", attempts = 1, next_attempt_at = Created, created_at = Created, ended_at = Created,
            });
            await InsertAsync(c, "webhook_attempts", new { message_id = "msg_seeded", attempt = 1, attempted_at = Created, status_code = 204, duration_ms = 12 });
        }, async () =>
        {
            var store = new WebhookStore(db, clock);
            Assert.Equal(["user.created", "user.blocked"], (await store.GetAsync(Pool, "wh_seeded"))?.EventTypes);
            var message = await store.GetMessageAsync(Pool, "wh_seeded", "msg_seeded");
            Assert.Equal(("delivered", 204), (message?.Message.State, message?.Attempts.Single().StatusCode));
        }),
    };

    // Until version 12 a ticket's binding was one column whatever its kind; the kind came from its connection.
    private static async Task UntypedTickets(DbConnection c)
    {
        foreach (var (slug, type) in new[] { ("mpqr", "mp-qr"), ("appmp", "app-mp") })
        {
            await InsertAsync(c, "connections", new
            {
                pool = Pool, slug, type, display_name = "WeChat", app_id = "wx-" + slug, settings = "{}",
                secrets = Protector.Protect("{}", $"connection:{Pool}:{slug}"), secrets_set = "[]", login_only = false, binding_policy = "none", enabled = true,
                created_at = Created, updated_at = Created,
            });
        }
        foreach (var (id, slug, binding, state) in new[] { ("t12-mpqr", "mpqr", "req-12", "scanned"), ("t12-app", "appmp", Client, "pending"), ("t12-refused", "mpqr", "req-12", "refused") })
        {
            await InsertAsync(c, "login_tickets", new
            {
                id, pool = Pool, connection_slug = slug, state, browser_binding = binding, secret_hash = slug == "appmp" ? "secret-hash" : null, version = 1,
                result = state == "refused" ? "{\"reason\":\"needs-account-step\",\"message\":\"m\",\"arrival\":{\"Candidates\":[]}}" : null,
                created_at = Created, updated_at = Created, expires_at = Expires,
            });
        }
    }

    private async Task UntypedTicketsReadBack()
    {
        var tickets = new LoginTicketStore(db, clock);
        var follow = await tickets.GetAsync(Pool, "t-seeded");
        Assert.Equal((TicketKind.Follow, "req-seeded", (string?)null), (follow!.Kind, follow.RequestId, follow.ClientId));
        var page = await tickets.GetAsync(Pool, "t12-mpqr");
        Assert.Equal((TicketKind.MiniProgramQr, TicketState.Scanned, "req-12", (string?)null), (page!.Kind, page.State, page.RequestId, page.ClientId));
        var app = await tickets.GetAsync(Pool, "t12-app");
        Assert.Equal((TicketKind.AppMiniProgram, (string?)null, Client, "secret-hash"), (app!.Kind, app.RequestId, app.ClientId, app.SecretHash));
        // A refusal in the old shape cannot be continued: the ticket ends.
        var refused = await tickets.GetAsync(Pool, "t12-refused");
        Assert.Equal((TicketState.Expired, (TicketRefusal?)null), (refused!.State, refused.Refusal));
    }

    private static async Task Initial(DbConnection c)
    {
        await InsertAsync(c, "pools", new { name = Pool, display_name = "Seeded pool", created_at = Created, updated_at = Created });
        await InsertAsync(c, "users", new
        {
            id = User, pool = Pool, nickname = "小明", phone_number = Phone, phone_number_verified = true, email_verified = false, blocked = false,
            login_count = 3, last_login_at = Created, created_at = Created, updated_at = Created,
        });
        await InsertAsync(c, "identities", new
        {
            id = "i-seeded", pool = Pool, user_id = User, kind = "wechat-openid", identifier = "wx-seeded:o-seeded", connection_slug = "oa", verified = true, created_at = Created,
        });
        await InsertAsync(c, "connections", new
        {
            pool = Pool, slug = "oa", type = "oa-follow", display_name = "WeChat", app_id = "wx-seeded", settings = "{}",
            secrets = Protector.Protect("{}", $"connection:{Pool}:oa"), secrets_set = "[]", login_only = false, binding_policy = "none", enabled = true,
            created_at = Created, updated_at = Created,
        });
        await InsertAsync(c, "applications", Application(Client, new { }));
        await InsertAsync(c, "login_tickets", new
        {
            id = "t-seeded", pool = Pool, connection_slug = "oa", state = "pending", browser_binding = "req-seeded", version = 0,
            created_at = Created, updated_at = Created, expires_at = Expires,
        });
        await InsertAsync(c, "sessions", new
        {
            id = "s-seeded", pool = Pool, user_id = User, auth_time = Created, amr = "pwd", created_at = Created, last_seen_at = Created, expires_at = Expires,
        });
        await InsertAsync(c, "authorization_requests", new { id = "r-seeded", pool = Pool, client_id = Client, parameters = "{\"scope\":\"openid\"}", created_at = Created, expires_at = Expires });
        await InsertAsync(c, "authorization_codes", new
        {
            code_hash = "c-seeded", pool = Pool, client_id = Client, user_id = User, session_id = "s-seeded", redirect_uri = "https://app.example.com/cb",
            scope = "openid", auth_time = Created, amr = "pwd", created_at = Created, expires_at = Expires,
        });
        await InsertAsync(c, "refresh_tokens", new
        {
            token_hash = "rt-seeded", pool = Pool, family_id = "g-seeded", client_id = Client, user_id = User, session_id = "s-seeded", scope = "openid",
            created_at = Created, expires_at = Expires,
        });
        await InsertAsync(c, "signing_keys", new
        {
            kid = "k-seeded", pool = Pool, algorithm = "ES256", private_key = Protector.Protect(Convert.ToBase64String([1, 2, 3]), SigningKeyStore.Purpose(Pool, "k-seeded")),
            public_jwk = "{\"kty\":\"EC\",\"kid\":\"k-seeded\"}", state = "active", created_at = Created, activated_at = Created,
        });
        await InsertAsync(c, "audit_events", new { id = "a-seeded", pool = Pool, type = "login.succeeded", user_id = User, outcome = "success", occurred_at = Created });
        await InsertAsync(c, "admin_keys", new { id = "ak-seeded", name = "Seeded key", key_hash = "key-hash", created_at = Created });
        await InsertAsync(c, "data_protection_keys", new { name = "dp-seeded", xml = "<key id=\"seeded\" />", created_at = Created });
    }

    private async Task InitialReadsBack()
    {
        Assert.Equal("Seeded pool", (await new PoolStore(db, clock).GetAsync(Pool))?.DisplayName);
        var users = new UserStore(db, clock);
        var user = await users.GetAsync(Pool, User);
        Assert.Equal(("小明", Phone, 3), (user?.Profile.Nickname, user?.Profile.PhoneNumber, user?.LoginCount));
        Assert.Equal(User, (await users.FindByIdentityAsync(Pool, "wechat-openid", "wx-seeded:o-seeded"))?.Id);
        var connections = new ConnectionStore(db, Protector, clock);
        Assert.Equal("wx-seeded", (await connections.GetAsync(Pool, "oa"))?.AppId);
        Assert.NotNull(await connections.GetSecretsAsync(Pool, "oa"));
        var application = await new ApplicationStore(db, clock).GetAsync(Pool, Client);
        Assert.Equal(["https://app.example.com/cb"], application?.RedirectUris);
        Assert.Empty(application!.ApiScopes);
        Assert.Null(application.Lifetimes.RefreshTokenAbsoluteSeconds);
        Assert.Equal(TicketState.Pending, (await new LoginTicketStore(db, clock).GetAsync(Pool, "t-seeded"))?.State);
        Assert.Equal(User, (await new SessionStore(db, clock).GetAsync(Pool, "s-seeded"))?.UserId);
        Assert.Equal("{\"scope\":\"openid\"}", (await new AuthorizationRequestStore(db, clock).GetAsync(Pool, "r-seeded"))?.Json);
        var redeemed = Assert.IsType<CodeRedemption.Redeemed>(await new AuthorizationCodeStore(db, clock).RedeemAsync(Pool, "c-seeded", "g-seeded"));
        Assert.Equal((User, "s-seeded"), (redeemed.Code.UserId, redeemed.Code.SessionId));
        Assert.Equal(User, (await new RefreshTokenStore(db, clock).FindLiveAsync(Pool, "rt-seeded"))?.UserId);
        Assert.Contains(await new SigningKeyStore(db, Protector, clock).ListPublishedAsync(Pool), k => k.Kid == "k-seeded");
        Assert.Contains(await new AuditLog(db, clock).ListAsync(Pool, 10), e => e.Id == "a-seeded");
        Assert.Equal("Seeded key", (await new AdminKeyStore(db, clock).FindAsync("ak-seeded"))?.Key.Name);
        Assert.Contains("<key id=\"seeded\" />", await new DataProtectionKeyStore(db, clock).GetAllAsync());
    }

    private static async Task SecurityHardening(DbConnection c)
    {
        // SQLite rebuilds authorization_codes here: the code of version 1 must come through (InitialReadsBack).
        await InsertAsync(c, "authorization_codes", new
        {
            code_hash = "c9-seeded", pool = Pool, client_id = Client, redirect_uri = "https://app.example.com/cb", scope = "openid",
            auth_time = Created, amr = "wechat", created_at = Created, expires_at = Expires, account_step = "{\"create\":true}",
        });
        await InsertAsync(c, "applications", Application("api-seeded", new { api_scopes = "[\"orders\"]", resources = "[\"https://api.example.com\"]" }));
        await InsertAsync(c, "login_throttles", new { login_key = "login-seeded", failures = 3, retry_at = Expires, expires_at = Expires });
        await InsertAsync(c, "admin_keys", new { id = "ak9-seeded", name = "Pool key", key_hash = "key-hash-9", created_at = Created, pools = "[\"seeded\"]" });
    }

    private async Task SecurityHardeningReadsBack()
    {
        var redeemed = Assert.IsType<CodeRedemption.Redeemed>(await new AuthorizationCodeStore(db, clock).RedeemAsync(Pool, "c9-seeded", "g9-seeded"));
        Assert.Equal((null, "{\"create\":true}"), (redeemed.Code.UserId, redeemed.Code.AccountStep));
        var application = await new ApplicationStore(db, clock).GetAsync(Pool, "api-seeded");
        Assert.Equal(["orders"], application?.ApiScopes);
        Assert.Equal(["https://api.example.com"], application?.Resources);
        Assert.Equal(3, (await new LoginThrottleStore(db, clock).GetAsync("login-seeded"))?.Failures);
        Assert.Equal(["seeded"], (await new AdminKeyStore(db, clock).FindAsync("ak9-seeded"))?.Key.Pools);
    }

    // An application row in the columns of version 1, with `more` columns of later versions.
    private static Dictionary<string, object?> Application(string clientId, object more)
    {
        var row = Columns(new
        {
            pool = Pool, client_id = clientId, display_name = "App", type = "web", redirect_uris = "[\"https://app.example.com/cb\"]", post_logout_redirect_uris = "[]",
            grants = "[\"authorization_code\"]", connections = "[\"oa\"]", access_token_seconds = 3600, id_token_seconds = 3600, refresh_token_seconds = 86_400,
            signing_algorithm = "ES256", enabled = true, created_at = Created, updated_at = Created,
        });
        foreach (var (column, value) in Columns(more))
            row[column] = value;
        return row;
    }

    private static Task InsertAsync(DbConnection c, string table, object row) => InsertAsync(c, table, row as Dictionary<string, object?> ?? Columns(row));

    private static async Task InsertAsync(DbConnection c, string table, Dictionary<string, object?> row) =>
        await c.ExecuteAsync($"INSERT INTO {table} ({string.Join(", ", row.Keys)}) VALUES ({string.Join(", ", row.Keys.Select(k => "@" + k))})", new DynamicParameters(row));

    private static Dictionary<string, object?> Columns(object row) =>
        row.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(row), StringComparer.Ordinal);

    public sealed record Seed(Func<DbConnection, Task> WriteAsync, Func<Task> ReadBackAsync);
}
