using Microsoft.Extensions.Time.Testing;
using WeGate.WeChat.Crypto;
using WeGate.WeChat.Messages;

namespace WeGate.WeChat.Tests.Messages;

public sealed class CallbackPipelineTests
{
    private static readonly TimeProvider Time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1714037059));
    private static readonly EncodingAesKey Current = EncodingAesKey.Parse(Vectors.V3Key);
    private static readonly EncodingAesKey Previous = EncodingAesKey.Generate();
    private static readonly InboundMessage Subscribe = InboundMessage.Subscribe("gh_account", "oOPENID", 1714037059, "login_1", "TICKET");

    [Theory]
    [InlineData(MessageMode.Plaintext)]
    [InlineData(MessageMode.Compatible)]
    [InlineData(MessageMode.Safe)]
    public void Push_composed_in_any_mode_opens_to_the_same_event(MessageMode mode)
    {
        var push = Sender(mode).Compose(Subscribe);

        var opened = Receiver(mode).Open(push.Query, push.Body);

        Assert.Equal("login_1", opened.Message.QrScene);
        Assert.Equal("TICKET", opened.Message.Ticket);
        Assert.Equal(mode != MessageMode.Plaintext, opened.WasEncrypted);
    }

    [Theory]
    [InlineData(MessageMode.Plaintext)]
    [InlineData(MessageMode.Compatible)]
    [InlineData(MessageMode.Safe)]
    public void Reply_sealed_by_the_receiver_reads_back_at_the_sender(MessageMode mode)
    {
        var push = Sender(mode).Compose(Subscribe);
        var opened = Receiver(mode).Open(push.Query, push.Body);

        var body = Receiver(mode).SealReply(opened, TextReply.Write(opened.Message, "登录成功", 1714037060));
        var reply = Sender(mode).ReadReply(body);

        Assert.Equal("oOPENID", reply!.ToUserName);
        Assert.Equal("登录成功", reply.Elements["Content"]);
    }

    [Fact]
    public void Push_composed_with_a_fixed_timestamp_and_nonce_carries_both_signatures()
    {
        var push = Sender(MessageMode.Safe).Compose(Subscribe, Vectors.V3Timestamp, Vectors.V3Nonce);
        var encrypt = InboundMessage.Parse(push.Body).Encrypt!;

        Assert.Equal(WeChatSignature.ForUrl(Vectors.V3Token, Vectors.V3Timestamp, Vectors.V3Nonce), push.Query.Signature);
        Assert.Equal(WeChatSignature.ForMessage(Vectors.V3Token, Vectors.V3Timestamp, Vectors.V3Nonce, encrypt), push.Query.MsgSignature);
        Assert.Equal("aes", push.Query.EncryptType);
        Assert.Equal("oOPENID", push.Query.OpenId);
    }

    [Fact]
    public void Push_encrypted_with_the_previous_key_opens_and_the_reply_uses_that_key()
    {
        var oldSender = new CallbackSender(Account(MessageMode.Safe) with { CurrentKey = Previous }, Time);
        var push = oldSender.Compose(Subscribe);
        var receiver = new CallbackReceiver(Account(MessageMode.Safe) with { PreviousKey = Previous }, Time);

        var opened = receiver.Open(push.Query, push.Body);
        var reply = oldSender.ReadReply(receiver.SealReply(opened, TextReply.Write(opened.Message, "ok", 1)));

        Assert.True(opened.UsedPreviousKey);
        Assert.Same(Previous, opened.ReplyKey);
        Assert.Equal("ok", reply!.Elements["Content"]);
    }

    [Fact]
    public void Push_for_another_appid_is_rejected_as_appid_mismatch()
    {
        var push = new CallbackSender(Account(MessageMode.Safe) with { AppId = "wx0000000000000000" }, Time).Compose(Subscribe);

        AssertRejected(MessageMode.Safe, push.Query, push.Body, WeChatMessageError.AppIdMismatch);
    }

    [Fact]
    public void Push_with_a_wrong_url_signature_is_rejected()
    {
        var push = Sender(MessageMode.Plaintext).Compose(Subscribe);

        AssertRejected(MessageMode.Plaintext, push.Query with { Signature = new string('0', 40) }, push.Body, WeChatMessageError.InvalidSignature);
        AssertRejected(MessageMode.Plaintext, push.Query with { Signature = null }, push.Body, WeChatMessageError.InvalidSignature);
    }

    [Fact]
    public void Encrypted_push_with_a_wrong_msg_signature_is_rejected()
    {
        var push = Sender(MessageMode.Compatible).Compose(Subscribe);

        AssertRejected(MessageMode.Compatible, push.Query with { MsgSignature = "0" }, push.Body, WeChatMessageError.InvalidMsgSignature);
    }

    [Fact]
    public void Plaintext_push_to_a_safe_mode_account_is_rejected()
    {
        var push = Sender(MessageMode.Plaintext).Compose(Subscribe);

        AssertRejected(MessageMode.Safe, push.Query, push.Body, WeChatMessageError.EncryptionRequired);
    }

    [Fact]
    public void Encrypted_push_to_an_account_without_a_key_is_rejected()
    {
        var push = Sender(MessageMode.Safe).Compose(Subscribe);
        var receiver = new CallbackReceiver(new CallbackAccount(Vectors.V3Token, Vectors.V3AppId, MessageMode.Plaintext), Time);

        var error = Assert.Throws<WeChatMessageException>(() => receiver.Open(push.Query, push.Body));

        Assert.Equal(WeChatMessageError.EncryptionNotConfigured, error.Error);
    }

    [Fact]
    public void Unknown_encrypt_type_is_rejected()
    {
        var push = Sender(MessageMode.Plaintext).Compose(Subscribe);

        AssertRejected(MessageMode.Plaintext, push.Query with { EncryptType = "des" }, push.Body, WeChatMessageError.UnsupportedEncryptType);
    }

    [Fact]
    public void Push_without_a_sender_is_rejected()
    {
        var push = Sender(MessageMode.Plaintext).Compose(Subscribe with { FromUserName = null });

        AssertRejected(MessageMode.Plaintext, push.Query, push.Body, WeChatMessageError.MissingElement);
    }

    [Fact]
    public void Encrypted_push_without_its_ciphertext_is_rejected()
    {
        var push = Sender(MessageMode.Safe).Compose(Subscribe);
        var body = "<xml><ToUserName><![CDATA[gh_account]]></ToUserName></xml>";

        AssertRejected(MessageMode.Safe, push.Query, body, WeChatMessageError.MissingElement);
    }

    [Fact]
    public void Echo_request_signed_by_the_sender_gets_the_echostr_back()
    {
        var query = Sender(MessageMode.Safe).ComposeVerification("1714036504", "1514711492");

        Assert.Equal("4375120948345356249", Receiver(MessageMode.Safe).VerifyEcho(query, "4375120948345356249"));
        Assert.Throws<WeChatMessageException>(() => Receiver(MessageMode.Safe).VerifyEcho(query with { Nonce = "1" }, "4375120948345356249"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("success")]
    public void Success_or_an_empty_reply_means_no_reply(string? body) =>
        Assert.Null(Sender(MessageMode.Safe).ReadReply(body));

    [Fact]
    public void Plaintext_reply_from_a_safe_mode_account_is_refused_by_the_sender()
    {
        var error = Assert.Throws<WeChatMessageException>(() =>
            Sender(MessageMode.Safe).ReadReply(TextReply.Write(Subscribe, "hi", 1)));

        Assert.Equal(WeChatMessageError.EncryptionRequired, error.Error);
    }

    [Fact]
    public void Query_string_carries_every_present_parameter_escaped() =>
        Assert.Equal(
            "signature=s&timestamp=1&nonce=n&openid=o%2B1&encrypt_type=aes&msg_signature=m",
            new CallbackQuery("s", "1", "n", "aes", "m", "o+1").ToQueryString());

    [Fact]
    public void Account_in_an_encrypted_mode_without_a_key_is_refused() =>
        Assert.Throws<ArgumentException>(() => new CallbackReceiver(new CallbackAccount("t", "wx1", MessageMode.Safe), Time));

    private static CallbackAccount Account(MessageMode mode) => new(Vectors.V3Token, Vectors.V3AppId, mode, Current);

    private static CallbackSender Sender(MessageMode mode) => new(Account(mode), Time);

    private static CallbackReceiver Receiver(MessageMode mode) => new(Account(mode), Time);

    private static void AssertRejected(MessageMode mode, CallbackQuery query, string body, WeChatMessageError expected)
    {
        var error = Assert.Throws<WeChatMessageException>(() => Receiver(mode).Open(query, body));
        Assert.Equal(expected, error.Error);
    }
}
