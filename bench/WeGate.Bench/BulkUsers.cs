using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace WeGate.Bench;

// `wegate-bench users`: fills a pool of a stopped WeGate's SQLite file with people who signed in
// through WeChat before — a user with an openid and a unionid identity each — straight into the
// tables, in large transactions, so that a pool of ten million is made in minutes rather than by ten
// million logins (docs/performance.md#a-pool-of-ten-million). Their identifiers are pseudo-random,
// as WeChat's are, so the unique index grows as it does in production.
internal static class BulkUsers
{
    private const string FillAppId = "wxbenchfill00000";

    public static Command Create()
    {
        var file = new Option<FileInfo>("--database") { Description = "WeGate's SQLite file (WeGate stopped; started once before, so the tables and the pool exist).", Required = true };
        var count = new Option<int>("--count") { Description = "How many users to add.", DefaultValueFactory = _ => 10_000 };
        var pool = new Option<string>("--pool") { Description = "The pool to fill.", DefaultValueFactory = _ => "default" };
        var batch = new Option<int>("--batch") { Description = "Users per transaction.", DefaultValueFactory = _ => 50_000 };
        var command = new Command("users", "Add N users with WeChat identities to a pool of a stopped WeGate's SQLite file, without HTTP.") { file, count, pool, batch };
        command.SetAction(async (result, ct) =>
        {
            var target = result.GetValue(file)!;
            if (!target.Exists)
                return await Usage.Refuse("wegate-bench users", $"{target.FullName} does not exist: start WeGate once on that data directory first");
            if (result.GetValue(count) is < 1 or > 100_000_000 || result.GetValue(batch) is < 1 or > 1_000_000)
                return await Usage.Refuse("wegate-bench users", "--count takes 1 to 100,000,000 and --batch 1 to 1,000,000");
            return await FillAsync(target.FullName, result.GetValue(pool)!, result.GetValue(count), result.GetValue(batch), ct);
        });
        return command;
    }

    private static async Task<int> FillAsync(string path, string pool, int count, int batch, CancellationToken ct)
    {
        SQLitePCL.Batteries_V2.Init();
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        await c.OpenAsync(ct);
        // A throwaway load: a crash halfway means loading again, so no flush at each commit.
        await Execute(c, "PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000; PRAGMA busy_timeout = 5000;");
        if (await Scalar(c, "SELECT COUNT(*) FROM pools WHERE name = $pool", ("$pool", pool)) == 0)
            return await Usage.Refuse("wegate-bench users", $"there is no pool '{pool}' in {path}");
        var already = await Scalar(c, "SELECT COUNT(*) FROM users WHERE pool = $pool", ("$pool", pool));
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < count; done += batch)
        {
            await using var tx = c.BeginTransaction();
            using var user = Command(c, tx, "INSERT INTO users (id, pool, nickname, login_count, last_login_at, created_at, updated_at) VALUES ($id, $pool, $nick, 1, $now, $now, $now)");
            using var identity = Command(c, tx, "INSERT INTO identities (id, pool, user_id, kind, identifier, connection_slug, verified, created_at) VALUES ($id, $pool, $user, $kind, $identifier, 'fill', 1, $now)");
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var n = already + i;
                var userId = Guid.CreateVersion7().ToString("N");
                Set(user, ("$id", userId), ("$pool", pool), ("$nick", $"微信用户{n}"), ("$now", now));
                await user.ExecuteNonQueryAsync(ct);
                foreach (var (kind, identifier) in new[] { ("wechat-openid", $"{FillAppId}:o{Token("openid", n)}"), ("wechat-unionid", "u" + Token("unionid", n)) })
                {
                    Set(identity, ("$id", Guid.CreateVersion7().ToString("N")), ("$pool", pool), ("$user", userId), ("$kind", kind), ("$identifier", identifier), ("$now", now));
                    await identity.ExecuteNonQueryAsync(ct);
                }
            }
            await tx.CommitAsync(ct);
            var added = Math.Min(count, done + batch);
            await Console.Error.WriteLineAsync($"{added:N0} of {count:N0} users ({added / clock.Elapsed.TotalSeconds:N0}/s)");
        }
        await Execute(c, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;");
        await Console.Out.WriteLineAsync($"Added {count:N0} users to pool '{pool}' ({already + count:N0} in all) in {clock.Elapsed.TotalSeconds:N0} s");
        return 0;
    }

    // 28 base64url characters, as long as a WeChat openid.
    private static string Token(string kind, long n) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes($"{kind}:{n}")))[..27].Replace('+', '-').Replace('/', '_');

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static void Set(SqliteCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            if (command.Parameters.Contains(name))
                command.Parameters[name].Value = value;
            else
                command.Parameters.AddWithValue(name, value);
        }
    }

    private static async Task Execute(SqliteConnection c, string sql)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(SqliteConnection c, string sql, params (string Name, object Value)[] values)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        Set(command, values);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
