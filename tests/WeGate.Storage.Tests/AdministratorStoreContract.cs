using WeGate.Core.Admin;
using WeGate.Core.Users;
using WeGate.Storage.Stores;
using WeGate.Testing;

namespace WeGate.Storage.Tests;

// The console's administrators (docs/console.md#administrators): the last owner stays, whatever races.
// A database of its own, since the administrators are not kept per pool.
public abstract class AdministratorStoreContract(TestDatabase fixture)
{
    private Database Db => fixture.Database;
    private UserStore Users => new(Db, TimeProvider.System);
    private AdministratorStore Administrators => new(Db, TimeProvider.System);

    private async Task<string> NewAsync(string email, string role)
    {
        var user = await Users.CreateAsync(new NewUser(ConsolePool.Name, UserProfile.Empty with { Email = email }, [new NewIdentity(IdentityKind.Email, email)]));
        Assert.True(await Administrators.CreateAsync(user.Id, role));
        return user.Id;
    }

    [Fact]
    public async Task Two_owners_removing_each_other_at_once_leave_one_and_the_last_owner_is_never_removed_or_demoted()
    {
        await new PoolStore(Db, TimeProvider.System).CreateAsync(ConsolePool.Name, "Console");
        var a = await NewAsync("a@example.com", AdministratorRole.Owner);
        var b = await NewAsync("b@example.com", AdministratorRole.Owner);
        var c = await NewAsync("c@example.com", AdministratorRole.ReadOnly);
        await Users.RecordLoginAsync(ConsolePool.Name, c);

        var listed = await Administrators.ListAsync();
        Assert.Equal(["a@example.com", "b@example.com", "c@example.com"], listed.Select(x => x.Email));
        Assert.Null(listed[0].LastSignInAt);
        Assert.NotNull(listed[2].LastSignInAt);

        var raced = await Task.WhenAll(Task.Run(() => Administrators.RemoveAsync(a)), Task.Run(() => Administrators.RemoveAsync(b)));
        Assert.Equal([AdministratorChange.Done, AdministratorChange.LastOwner], raced.Order());
        var owner = raced[0] == AdministratorChange.Done ? b : a;
        var removed = owner == a ? b : a;
        Assert.Null(await Users.GetAsync(ConsolePool.Name, removed));
        Assert.Null(await Administrators.GetAsync(removed));

        Assert.Equal(AdministratorChange.LastOwner, await Administrators.SetRoleAsync(owner, AdministratorRole.ReadOnly));
        Assert.Equal(AdministratorChange.LastOwner, await Administrators.RemoveAsync(owner));
        Assert.Equal(AdministratorChange.Done, await Administrators.SetRoleAsync(owner, AdministratorRole.Owner));
        Assert.Equal(AdministratorChange.NotFound, await Administrators.RemoveAsync(removed));

        Assert.Equal(AdministratorChange.Done, await Administrators.SetRoleAsync(c, AdministratorRole.Owner));
        var demoted = await Task.WhenAll(Task.Run(() => Administrators.SetRoleAsync(owner, AdministratorRole.ReadOnly)),
            Task.Run(() => Administrators.SetRoleAsync(c, AdministratorRole.ReadOnly)));
        Assert.Equal([AdministratorChange.Done, AdministratorChange.LastOwner], demoted.Order());
        Assert.Single(await Administrators.ListAsync(), x => x.Role == AdministratorRole.Owner);
    }
}

public sealed class SqliteAdministratorStoreContract(SqliteTestDatabase db) : AdministratorStoreContract(db), IClassFixture<SqliteTestDatabase>;

public sealed class PostgresAdministratorStoreContract(PostgresTestDatabase db) : AdministratorStoreContract(db), IClassFixture<PostgresTestDatabase>;
