using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using WeGate.Core.Keys;
using WeGate.Core.Pools;
using WeGate.Core.Secrets;
using WeGate.Server.Oidc.Keys;
using WeGate.Storage;
using WeGate.Storage.Stores;
using WeGate.Testing;

namespace WeGate.Server.Tests.Oidc;

// Signing keys, JWS and JWKS over the real server's database and master key, run on each database.
// Each SigningKeys instance built here stands for one WeGate node; two of them sharing a database are
// two nodes behind a load balancer.
public abstract partial class SigningKeysContract(TestDatabase db, Func<TestServer> server)
{
    protected static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

    protected TestServer Server
    {
        get
        {
            _ = db.Database; // skips with the reason when the database is unavailable
            return server();
        }
    }

    protected SigningKeyStore Store(TimeProvider clock) =>
        new(Server.Service<Database>(), Server.Service<SecretProtector>(), clock);

    protected SigningKeys Node(TimeProvider? clock = null) =>
        new(Store(clock ?? TimeProvider.System), clock ?? TimeProvider.System, NullLogger<SigningKeys>.Instance);

    protected async Task<string> NewPoolAsync()
    {
        var name = "p" + Guid.NewGuid().ToString("N")[..12];
        Assert.True(await Server.Service<IPoolStore>().CreateAsync(name, "Signing test"));
        return name;
    }

    protected static string Issuer(string pool) => $"https://id.example.com/{pool}";

    protected static byte[] Claims(string pool, DateTimeOffset now, TimeSpan? lifetime = null, object? extra = null)
    {
        var claims = new JsonObject
        {
            ["iss"] = Issuer(pool),
            ["sub"] = "u_123",
            ["aud"] = "shop-web",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (lifetime ?? TimeSpan.FromMinutes(5))).ToUnixTimeSeconds(),
        };
        foreach (var (k, v) in extra is null ? [] : JsonSerializer.SerializeToNode(extra)!.AsObject().ToList())
            claims[k] = v?.DeepClone();
        return Encoding.UTF8.GetBytes(claims.ToJsonString());
    }

    protected static JsonObject Part(string token, int index) =>
        JsonNode.Parse(Convert.FromBase64String(ToBase64(token.Split('.')[index])))!.AsObject();

    protected static string B64(string json) => B64(Encoding.UTF8.GetBytes(json));

    protected static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string ToBase64(string part) =>
        part.Replace('-', '+').Replace('_', '/') + new string('=', (4 - part.Length % 4) % 4);

    // Signs any header and payload with the pool's active key, read from the database: tokens WeGate
    // would never issue but whose signature is genuine.
    protected async Task<string> ForgeWithPoolKeyAsync(string pool, string algorithm, string headerJson, string payloadJson)
    {
        var active = (await Store(TimeProvider.System).ListPublishedAsync(pool)).Single(k => k.Algorithm == algorithm && k.State == SigningKeyState.Active);
        var input = B64(headerJson) + "." + B64(payloadJson);
        var data = Encoding.ASCII.GetBytes(input);
        byte[] signature;
        if (algorithm == JwsAlgorithm.ES256)
        {
            using var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(active.PrivateKeyPkcs8, out _);
            signature = ec.SignData(data, HashAlgorithmName.SHA256);
        }
        else
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(active.PrivateKeyPkcs8, out _);
            signature = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        return input + "." + B64(signature);
    }

    protected static async Task<long> CountAsync(Database database, string sql, object args)
    {
        await using var c = await database.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, sql, args);
    }
}

public sealed class SqliteSigningKeys(SqliteServer f) : SigningKeysContract(f.Db, () => f.Server), IClassFixture<SqliteServer>;

public sealed class PostgresSigningKeys(PostgresServer f) : SigningKeysContract(f.Db, () => f.Server), IClassFixture<PostgresServer>;
