using WeGate.Testing;

namespace WeGate.Server.Tests;

// The admin API over real HTTP, run on each database.
public abstract partial class AdminApiContract(TestDatabase db, Func<TestServer> server)
{
    protected TestServer Server
    {
        get
        {
            _ = db.Database; // skips with the reason when the database is unavailable
            return server();
        }
    }

    protected HttpClient Admin => Server.Admin;

    protected async Task<string> NewPoolAsync()
    {
        var name = "p" + Guid.NewGuid().ToString("N")[..12];
        var created = await Admin.PostJsonAsync("/admin/api/pools", new { name, display_name = "Test" });
        Assert.Equal(201, (int)created.StatusCode);
        return name;
    }
}

public sealed class SqliteAdminApi(SqliteServer f) : AdminApiContract(f.Db, () => f.Server), IClassFixture<SqliteServer>;

public sealed class PostgresAdminApi(PostgresServer f) : AdminApiContract(f.Db, () => f.Server), IClassFixture<PostgresServer>;
