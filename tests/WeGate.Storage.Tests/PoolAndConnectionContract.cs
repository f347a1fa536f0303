using Dapper;
using WeGate.Core.Connections;
using WeGate.Core.Secrets;
using WeGate.Core.Users;

namespace WeGate.Storage.Tests;

public abstract partial class StoreContract
{
    private static Connection FollowConnection(string pool, string slug = "wx-follow") => new()
    {
        Pool = pool, Slug = slug, Type = ConnectionType.OfficialAccountFollow, DisplayName = "Follow us",
        AppId = "wx0123456789abcdef", Settings = new ConnectionSettings { MessageMode = MessageMode.Safe },
        BindingPolicy = BindingPolicy.FieldMatching, LoginOnly = true,
    };

    private static readonly ConnectionSecrets FollowSecrets = new()
    {
        AppSecret = "s3cr3tAppSecretValue0123456789ab", Token = "tokenvalue", EncodingAesKey = new string('k', 43),
    };

    [Fact]
    public async Task A_pool_is_created_once_and_a_second_create_of_the_same_name_reports_it_exists()
    {
        var pool = await NewPoolAsync();
        Assert.False(await Pools.CreateAsync(pool, "Again"));
        var stored = await Pools.GetAsync(pool);
        Assert.Equal("Test pool", stored!.DisplayName);
        Assert.True(await Pools.UpdateAsync(pool, "Renamed"));
        Assert.Equal("Renamed", (await Pools.GetAsync(pool))!.DisplayName);
        Assert.Contains(await Pools.ListAsync(), p => p.Name == pool);
    }

    [Fact]
    public async Task Deleting_a_pool_removes_its_connections_users_and_identities()
    {
        var pool = await NewPoolAsync();
        Assert.True(await Connections.CreateAsync(FollowConnection(pool), FollowSecrets));
        await Users.CreateAsync(new NewUser(pool, UserProfile.Empty, [new(IdentityKind.Phone, "+8613800000000")]));

        Assert.True(await Pools.DeleteAsync(pool));

        Assert.Null(await Pools.GetAsync(pool));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM connections WHERE pool = @pool", new { pool }));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM users WHERE pool = @pool", new { pool }));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM identities WHERE pool = @pool", new { pool }));
        Assert.False(await Pools.DeleteAsync(pool));
    }

    [Fact]
    public async Task A_connection_round_trips_and_its_secrets_are_stored_encrypted()
    {
        var pool = await NewPoolAsync();
        Assert.True(await Connections.CreateAsync(FollowConnection(pool), FollowSecrets));

        var stored = await Connections.GetAsync(pool, "wx-follow");
        Assert.NotNull(stored);
        Assert.Equal(ConnectionType.OfficialAccountFollow, stored.Type);
        Assert.Equal(MessageMode.Safe, stored.Settings.MessageMode);
        Assert.True(stored.LoginOnly);
        Assert.Equal(BindingPolicy.FieldMatching, stored.BindingPolicy);
        Assert.Equal(["app_secret", "token", "encoding_aes_key"], stored.SecretsSet);
        Assert.Equal(FollowSecrets, await Connections.GetSecretsAsync(pool, "wx-follow"));

        await using var c = await Db.OpenAsync();
        var blob = await c.QuerySingleAsync<byte[]>("SELECT secrets FROM connections WHERE pool = @pool", new { pool });
        var raw = System.Text.Encoding.UTF8.GetString(blob);
        Assert.DoesNotContain(FollowSecrets.AppSecret!, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(FollowSecrets.Token!, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_connection_with_the_same_slug_in_a_pool_is_refused_but_another_pool_may_use_it()
    {
        var pool = await NewPoolAsync();
        var other = await NewPoolAsync();
        Assert.True(await Connections.CreateAsync(FollowConnection(pool), FollowSecrets));
        Assert.False(await Connections.CreateAsync(FollowConnection(pool) with { DisplayName = "Dup" }, FollowSecrets));
        Assert.True(await Connections.CreateAsync(FollowConnection(other), FollowSecrets));
        Assert.Equal("Follow us", (await Connections.GetAsync(pool, "wx-follow"))!.DisplayName);
    }

    [Fact]
    public async Task Updating_a_connection_keeps_secrets_that_were_not_given_and_replaces_those_that_were()
    {
        var pool = await NewPoolAsync();
        await Connections.CreateAsync(FollowConnection(pool), FollowSecrets);

        var changed = FollowConnection(pool) with { DisplayName = "New name", LoginOnly = false, Enabled = false };
        Assert.True(await Connections.UpdateAsync(changed, new ConnectionSecrets { Token = "newtoken" }));

        var stored = await Connections.GetAsync(pool, "wx-follow");
        Assert.Equal("New name", stored!.DisplayName);
        Assert.False(stored.LoginOnly);
        Assert.False(stored.Enabled);
        var secrets = await Connections.GetSecretsAsync(pool, "wx-follow");
        Assert.Equal("newtoken", secrets!.Token);
        Assert.Equal(FollowSecrets.AppSecret, secrets.AppSecret);
        Assert.False(await Connections.UpdateAsync(FollowConnection(pool, "missing"), new ConnectionSecrets()));
    }

    [Fact]
    public async Task A_secret_blob_copied_into_another_connection_does_not_decrypt()
    {
        var pool = await NewPoolAsync();
        await Connections.CreateAsync(FollowConnection(pool, "first"), FollowSecrets);
        await Connections.CreateAsync(FollowConnection(pool, "second"), FollowSecrets with { AppSecret = "other" });
        await using (var c = await Db.OpenAsync())
        {
            await c.ExecuteAsync(
                "UPDATE connections SET secrets = (SELECT secrets FROM connections WHERE pool = @pool AND slug = 'first') WHERE pool = @pool AND slug = 'second'",
                new { pool });
        }

        await Assert.ThrowsAsync<SecretUnreadableException>(() => Connections.GetSecretsAsync(pool, "second"));
    }

    [Fact]
    public async Task Deleting_a_connection_reports_whether_it_existed()
    {
        var pool = await NewPoolAsync();
        await Connections.CreateAsync(FollowConnection(pool), FollowSecrets);
        Assert.True(await Connections.DeleteAsync(pool, "wx-follow"));
        Assert.False(await Connections.DeleteAsync(pool, "wx-follow"));
        Assert.Empty(await Connections.ListAsync(pool));
    }
}
