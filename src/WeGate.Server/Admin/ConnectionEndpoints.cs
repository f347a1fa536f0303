using WeGate.Core.Applications;
using WeGate.Core.Audit;
using WeGate.Core.Connections;
using WeGate.Core.Pools;
using WeGate.Core.Validation;
using WeGate.Server.Api;
using WeGate.Server.Connections;

namespace WeGate.Server.Admin;

// Secrets (app_secret, token, encoding_aes_key, previous_encoding_aes_key) are write-only: accepted
// here, encrypted at rest, and never part of a response — `secrets_set` says which are configured.
internal static class ConnectionEndpoints
{
    public sealed record ConnectionRequest
    {
        public string? Slug { get; init; }
        public string? Type { get; init; }
        public string? DisplayName { get; init; }
        public string? AppId { get; init; }
        public string? AppSecret { get; init; }
        public string? Token { get; init; }
        public string? EncodingAesKey { get; init; }
        public string? PreviousEncodingAesKey { get; init; }
        public ConnectionSettings? Settings { get; init; }
        public bool? LoginOnly { get; init; }
        public string? BindingPolicy { get; init; }
        public bool? Enabled { get; init; }

        public Connection ToConnection(string pool, string slug, string type) => new()
        {
            Pool = pool, Slug = slug, Type = type, DisplayName = DisplayName ?? "", AppId = AppId ?? "",
            Settings = Settings ?? new ConnectionSettings(), LoginOnly = LoginOnly ?? false,
            BindingPolicy = BindingPolicy ?? Core.Connections.BindingPolicy.None, Enabled = Enabled ?? true,
        };

        // PUT changes what the body names and keeps the rest; `settings`, when given, replaces the whole object.
        public Connection ApplyTo(Connection existing) => existing with
        {
            DisplayName = DisplayName ?? existing.DisplayName, AppId = AppId ?? existing.AppId,
            Settings = Settings ?? existing.Settings, LoginOnly = LoginOnly ?? existing.LoginOnly,
            BindingPolicy = BindingPolicy ?? existing.BindingPolicy, Enabled = Enabled ?? existing.Enabled,
        };

        // Absent secrets are kept on update; an empty string removes one.
        public ConnectionSecrets Secrets() => new()
        {
            AppSecret = AppSecret, Token = Token, EncodingAesKey = EncodingAesKey, PreviousEncodingAesKey = PreviousEncodingAesKey,
        };
    }

    public static void MapConnectionEndpoints(this RouteGroupBuilder pool)
    {
        pool.MapGet("/connections", ListAsync).Produces<IEnumerable<Connection>>().WithSummary("List connections");
        pool.MapPost("/connections", CreateAsync).Produces<Connection>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Create a connection (a WeChat login)");
        pool.MapGet("/connections/{slug}", GetAsync).Produces<Connection>().WithSummary("Get a connection");
        pool.MapPut("/connections/{slug}", UpdateAsync).Produces<Connection>().WithSummary("Update a connection");
        pool.MapDelete("/connections/{slug}", DeleteAsync).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Delete a connection");
        pool.MapPost("/connections/{slug}/doctor", DoctorAsync).Produces<DoctorReport>()
            .WithSummary("Check a connection against WeChat: each check passes, fails with its fix, or is skipped (changes nothing)");
    }

    private static async Task<IResult> DoctorAsync(string pool, string slug, IPoolStore pools, ConnectionDoctor doctor, CancellationToken ct)
    {
        await pools.RequirePoolAsync(pool, ct);
        return Results.Ok(await doctor.ExamineAsync(pool, slug, ct) ?? throw ApiProblemException.NotFound($"Pool '{pool}' has no connection '{slug}'."));
    }

    private static async Task<IResult> ListAsync(string pool, IPoolStore pools, IConnectionStore connections, CancellationToken ct)
    {
        await pools.RequirePoolAsync(pool, ct);
        return Results.Ok(await connections.ListAsync(pool, ct));
    }

    private static async Task<IResult> CreateAsync(string pool, JsonBody<ConnectionRequest> body, IPoolStore pools, IConnectionStore connections,
        IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        var created = await CreateConnectionAsync(pool, body.Value, pools, connections, audit, http, ct);
        return Results.Created($"{AdminApi.Prefix}/pools/{pool}/connections/{created.Slug}", created);
    }

    // The admin API's create, also the console's (docs/console.md#one-implementation-two-surfaces).
    public static async Task<Connection> CreateConnectionAsync(string pool, ConnectionRequest r, IPoolStore pools, IConnectionStore connections,
        IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        var connection = r.ToConnection(pool, r.Slug ?? "", r.Type ?? "");
        var secrets = new ConnectionSecrets().Merge(r.Secrets());
        var errors = new ValidationErrors();
        ConnectionRules.Validate(connection, secrets, errors);
        errors.ThrowIfAny();
        await pools.RequirePoolAsync(pool, ct);
        if (!await connections.CreateAsync(connection, secrets, ct))
            throw ApiProblemException.Conflict($"Pool '{pool}' has a connection '{connection.Slug}' already; slugs are unique within a pool.");
        await audit.WriteAsync(http, pool, AuditEventType.AdminConnectionCreated, connection: connection.Slug);
        return (await connections.GetAsync(pool, connection.Slug, ct))!;
    }

    private static async Task<IResult> GetAsync(string pool, string slug, IConnectionStore connections, CancellationToken ct) =>
        Results.Ok(await RequireAsync(connections, pool, slug, ct));

    private static async Task<IResult> UpdateAsync(string pool, string slug, JsonBody<ConnectionRequest> body, IConnectionStore connections,
        IAuditLog audit, HttpContext http, CancellationToken ct) =>
        Results.Ok(await UpdateConnectionAsync(pool, slug, body.Value, connections, audit, http, ct));

    public static async Task<Connection> UpdateConnectionAsync(string pool, string slug, ConnectionRequest r, IConnectionStore connections,
        IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        var existing = await RequireAsync(connections, pool, slug, ct);
        var errors = new ValidationErrors();
        if (r.Slug is not null && r.Slug != slug)
            errors.Add("slug", "cannot change: identities and applications refer to the connection by it");
        if (r.Type is not null && r.Type != existing.Type)
            errors.Add("type", $"cannot change (it is {existing.Type}); create a new connection instead");
        var connection = r.ApplyTo(existing);
        var stored = await connections.GetSecretsAsync(pool, slug, ct) ?? new ConnectionSecrets();
        ConnectionRules.Validate(connection, stored.Merge(r.Secrets()), errors);
        errors.ThrowIfAny();
        if (!await connections.UpdateAsync(connection, r.Secrets(), ct))
            throw ApiProblemException.NotFound($"Pool '{pool}' has no connection '{slug}'.");
        await audit.WriteAsync(http, pool, AuditEventType.AdminConnectionUpdated, connection: slug);
        return (await connections.GetAsync(pool, slug, ct))!;
    }

    private static async Task<IResult> DeleteAsync(string pool, string slug, IConnectionStore connections, IApplicationStore apps, IAuditLog audit,
        HttpContext http, CancellationToken ct)
    {
        await DeleteConnectionAsync(pool, slug, connections, apps, audit, http, ct);
        return Results.NoContent();
    }

    public static async Task DeleteConnectionAsync(string pool, string slug, IConnectionStore connections, IApplicationStore apps, IAuditLog audit,
        HttpContext http, CancellationToken ct)
    {
        var users = (await apps.ListAsync(pool, ct)).Where(a => a.Connections.Contains(slug)).Select(a => a.ClientId).ToList();
        if (users.Count > 0)
            throw ApiProblemException.Conflict($"Connection '{slug}' is enabled for application(s) {string.Join(", ", users)}; remove it from their `connections` first.");
        if (!await connections.DeleteAsync(pool, slug, ct))
            throw ApiProblemException.NotFound($"Pool '{pool}' has no connection '{slug}'.");
        await audit.WriteAsync(http, pool, AuditEventType.AdminConnectionDeleted, connection: slug);
    }

    public static async Task<Connection> RequireAsync(IConnectionStore connections, string pool, string slug, CancellationToken ct) =>
        await connections.GetAsync(pool, slug, ct) ?? throw ApiProblemException.NotFound($"Pool '{pool}' has no connection '{slug}'.");
}
