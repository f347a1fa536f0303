using WeGate.WeChat.Client;

namespace WeGate.Sandbox.Tests;

public sealed class WeChatErrorsTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(40001)]
    [InlineData(40002)]
    [InlineData(40003)]
    [InlineData(40013)]
    [InlineData(40014)]
    [InlineData(40029)]
    [InlineData(40030)]
    [InlineData(40125)]
    [InlineData(40129)]
    [InlineData(40163)]
    [InlineData(40164)]
    [InlineData(40226)]
    [InlineData(40243)]
    [InlineData(41001)]
    [InlineData(41002)]
    [InlineData(41004)]
    [InlineData(41008)]
    [InlineData(41030)]
    [InlineData(42001)]
    [InlineData(42002)]
    [InlineData(42003)]
    [InlineData(43002)]
    [InlineData(45009)]
    [InlineData(45011)]
    [InlineData(47001)]
    [InlineData(48001)]
    [InlineData(50001)]
    [InlineData(87009)]
    [InlineData(89503)]
    public void Every_common_errcode_has_a_meaning_a_fix_and_a_user_message(int code)
    {
        var error = WeChatErrors.Find(code);

        Assert.NotNull(error);
        Assert.NotEmpty(error.Meaning);
        Assert.NotEmpty(error.OperatorFix);
        Assert.NotEmpty(error.UserMessage);
    }

    [Theory]
    [InlineData("code been used, rid: 63e60657-344dd3ee-28b67950", "63e60657-344dd3ee-28b67950")]
    [InlineData("invalid code hint: [Tc0Fxa0775ge21]", "Tc0Fxa0775ge21")]
    [InlineData("invalid code, hints: [ req_id: 1aZ9Ka0001th11 ]", "1aZ9Ka0001th11")]
    [InlineData("ok", null)]
    public void Rid_is_read_from_current_and_older_errmsg_forms(string errMsg, string? rid)
    {
        Assert.Equal(rid, new WeChatApiException("sns/jscode2session", 40029, errMsg).Rid);
    }

    [Fact]
    public void Only_token_errors_mark_a_cached_token_stale()
    {
        Assert.True(new WeChatApiException("p", 40014, "").IsStaleAccessToken);
        Assert.False(new WeChatApiException("p", 40029, "").IsStaleAccessToken);
    }

    [Fact]
    public void Sandbox_endpoints_split_the_root_into_api_open_and_mp()
    {
        var endpoints = WeChatEndpoints.Sandbox(new Uri("http://127.0.0.1:5000/sandbox"));

        Assert.Equal("http://127.0.0.1:5000/sandbox/api/", endpoints.Api.ToString());
        Assert.Equal("http://127.0.0.1:5000/sandbox/mp/", endpoints.Mp.ToString());
        Assert.Equal("https://api.weixin.qq.com/", WeChatEndpoints.Real.Api.ToString());
    }
}
