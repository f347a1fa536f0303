using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using WeGate.Core.Secrets;
using WeGate.Server.Oidc.Keys;
using WeGate.Storage;
using WeGate.Storage.Migrations;
using WeGate.Storage.Stores;

namespace WeGate.Bench;

// wegate-bench signing: what signing one access token from the key cache allocates, per algorithm,
// beside the token string itself (2 bytes a character). The keys live in a throwaway SQLite database;
// once they are cached, signing reads nothing from it, so this measures the signing path alone.
internal static class SigningAllocations
{
    private const string Pool = "bench";

    public static async Task<IReadOnlyList<string>> MeasureAsync(int tokens, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("wegate-bench-").FullName;
        try
        {
            var clock = TimeProvider.System;
            await using var db = Database.Create(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "keys.db")}");
            await new Migrator(db, clock).MigrateAsync(ct);
            await new PoolStore(db, clock).CreateAsync(Pool, "Signing bench", ct);
            var keys = new SigningKeys(new SigningKeyStore(db, new SecretProtector(RandomNumberGenerator.GetBytes(32)), clock), clock, NullLogger<SigningKeys>.Instance);
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            var payload = Encoding.UTF8.GetBytes($$"""{"iss":"https://id.example.com/{{Pool}}","sub":"u_123","aud":"shop-web","iat":{{now}},"exp":{{now + 300}}}""");
            var lines = new List<string>();
            foreach (var algorithm in new[] { JwsAlgorithm.ES256, JwsAlgorithm.RS256 })
            {
                // The first call creates and caches the pool's keys; the next ones warm up the JIT.
                var token = await keys.SignAsync(Pool, algorithm, "at+jwt", payload, ct);
                for (var i = 0; i < 50; i++)
                    await keys.SignAsync(Pool, algorithm, "at+jwt", payload, ct);
                var before = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < tokens; i++)
                    await keys.SignAsync(Pool, algorithm, "at+jwt", payload, ct);
                var perToken = (GC.GetTotalAllocatedBytes(precise: true) - before) / tokens;
                lines.Add($"{algorithm}: {perToken} bytes allocated a token, {perToken - token.Length * 2} beyond its {token.Length}-character string");
            }
            return lines;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
