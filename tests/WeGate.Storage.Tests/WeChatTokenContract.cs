using Dapper;
using WeGate.Storage.Stores;

namespace WeGate.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task A_wechat_access_token_is_stored_encrypted_replaced_and_removed_only_by_whoever_saw_it()
    {
        var store = new WeChatTokenStore(Db, Protector, Clock);
        var appId = "wx" + Guid.NewGuid().ToString("N")[..16];
        var expires = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        Assert.Null(await store.GetAsync(appId));

        await store.SetAsync(appId, "TOKEN-1", expires);
        await store.SetAsync(appId, "TOKEN-2", expires.AddHours(1));
        Assert.Equal(("TOKEN-2", expires.AddHours(1)), await store.GetAsync(appId));

        await using (var c = await Db.OpenAsync())
        {
            var blob = await c.QuerySingleAsync<byte[]>("SELECT token FROM wechat_access_tokens WHERE app_id = @appId", new { appId });
            Assert.DoesNotContain("TOKEN-2", System.Text.Encoding.UTF8.GetString(blob), StringComparison.Ordinal);
        }

        Assert.False(await store.RemoveAsync(appId, "TOKEN-1"));
        Assert.NotNull(await store.GetAsync(appId));
        Assert.True(await store.RemoveAsync(appId, "TOKEN-2"));
        Assert.Null(await store.GetAsync(appId));
    }
}
