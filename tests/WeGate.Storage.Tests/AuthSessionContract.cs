using WeGate.Storage.Stores.Oidc;

namespace WeGate.Storage.Tests;

// auth_sessions (migration 0007): taken once, only by its pool and client, only before it expires.
public abstract partial class StoreContract
{
    private AuthSessionStore AuthSessions => new(Db, Clock);

    [Fact]
    public async Task An_auth_session_is_taken_once_even_by_racing_redemptions()
    {
        var pool = await NewPoolAsync();
        await AuthSessions.CreateAsync("h-race", pool, "client-a", "{\"x\":1}", Clock.GetUtcNow().AddMinutes(10));

        Assert.Null(await AuthSessions.TakeAsync(pool, "client-b", "h-race"));
        Assert.Null(await AuthSessions.TakeAsync("other-pool", "client-a", "h-race"));
        var taken = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => AuthSessions.TakeAsync(pool, "client-a", "h-race"))));

        Assert.Equal("{\"x\":1}", Assert.Single(taken, t => t is not null));
    }

    [Fact]
    public async Task An_expired_auth_session_is_not_taken()
    {
        var pool = await NewPoolAsync();
        await AuthSessions.CreateAsync("h-old", pool, "client-a", "{}", Clock.GetUtcNow().AddSeconds(-1));
        Assert.Null(await AuthSessions.TakeAsync(pool, "client-a", "h-old"));
        await AuthSessions.CreateAsync("h-new", pool, "client-a", "{}", Clock.GetUtcNow().AddMinutes(10));
        Assert.Equal("{}", await AuthSessions.TakeAsync(pool, "client-a", "h-new"));
    }
}
