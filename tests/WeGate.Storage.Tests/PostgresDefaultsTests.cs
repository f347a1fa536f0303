using Npgsql;

namespace WeGate.Storage.Tests;

// docs/configuration.md#using-postgresql: what WeGate adds to a PostgreSQL connection string.
public sealed class PostgresDefaultsTests
{
    [Fact]
    public void Statements_are_prepared_and_connections_are_not_reset_unless_the_connection_string_says_so()
    {
        var plain = new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults("Host=db;Username=wegate;Database=wegate"));
        Assert.Equal(100, plain.MaxAutoPrepare);
        Assert.True(plain.NoResetOnClose);
        Assert.Equal("db", plain.Host);

        var chosen = new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults("Host=db;Max Auto Prepare=0;No Reset On Close=false"));
        Assert.Equal(0, chosen.MaxAutoPrepare);
        Assert.False(chosen.NoResetOnClose);

        var otherSpelling = new NpgsqlConnectionStringBuilder(PostgresDatabase.WithDefaults("Host=db; maxautoprepare = 5 ;NoResetOnClose=False"));
        Assert.Equal(5, otherSpelling.MaxAutoPrepare);
        Assert.False(otherSpelling.NoResetOnClose);
    }
}
