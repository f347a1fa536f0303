using WeGate.WeChat.Messages;

namespace WeGate.WeChat.Tests.Messages;

public sealed class MessageXmlWritingTests
{
    private static readonly InboundMessage Request = InboundMessage.Scan("gh_account", "oOPENID", 1714037059, "login_1", "TICKET");

    [Fact]
    public void Text_reply_swaps_the_user_names_and_wraps_text_in_cdata() =>
        Assert.Equal(
            "<xml><ToUserName><![CDATA[oOPENID]]></ToUserName><FromUserName><![CDATA[gh_account]]></FromUserName>"
            + "<CreateTime>12345678</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[登录成功]]></Content></xml>",
            TextReply.Write(Request, "登录成功", 12345678));

    [Fact]
    public void Cdata_end_marker_in_content_is_split_and_survives_parsing()
    {
        var xml = TextReply.Write(Request, "a]]>b]]]>c", 1);

        Assert.Contains("<![CDATA[a]]]]><![CDATA[>b]]]]]><![CDATA[>c]]>", xml, StringComparison.Ordinal);
        Assert.Equal("a]]>b]]]>c", InboundMessage.Parse(xml).Elements["Content"]);
    }

    [Fact]
    public void Content_with_characters_xml_cannot_carry_is_refused() =>
        Assert.Throws<ArgumentException>(() => TextReply.Write(Request, "bell\u0007", 1));

    [Fact]
    public void Reply_to_a_message_without_user_names_is_refused() =>
        Assert.Throws<ArgumentException>(() => TextReply.Write(new InboundMessage(), "hi", 1));

    [Fact]
    public void Encrypted_reply_writes_the_official_envelope_with_a_bare_timestamp() =>
        Assert.Equal(
            "<xml><Encrypt><![CDATA[abc=]]></Encrypt><MsgSignature><![CDATA[sig]]></MsgSignature>"
            + "<TimeStamp>1409304348</TimeStamp><Nonce><![CDATA[xxxxxx]]></Nonce></xml>",
            new EncryptedReply("abc=", "sig", "1409304348", "xxxxxx").ToXml());

    [Theory]
    [InlineData("<TimeStamp>1409304348</TimeStamp>")]
    [InlineData("<TimeStamp><![CDATA[1409304348]]></TimeStamp>")]
    public void Encrypted_reply_parses_a_bare_or_cdata_timestamp(string timeStamp)
    {
        var xml = $"<xml><Encrypt><![CDATA[abc=]]></Encrypt><MsgSignature><![CDATA[sig]]></MsgSignature>{timeStamp}<Nonce><![CDATA[n]]></Nonce></xml>";

        Assert.Equal(new EncryptedReply("abc=", "sig", "1409304348", "n"), EncryptedReply.Parse(xml));
    }

    [Fact]
    public void Encrypted_reply_without_a_signature_is_rejected()
    {
        var error = Assert.Throws<WeChatMessageException>(() =>
            EncryptedReply.Parse("<xml><Encrypt>abc=</Encrypt><TimeStamp>1</TimeStamp><Nonce>n</Nonce></xml>"));

        Assert.Equal(WeChatMessageError.MissingElement, error.Error);
    }

    [Fact]
    public void Plaintext_event_body_reads_back_as_the_same_event()
    {
        var parsed = InboundMessage.Parse(InboundMessageWriter.WritePlaintext(Request));

        Assert.Equal(
            (Request.ToUserName, Request.FromUserName, Request.CreateTime, Request.MsgType, Request.Event, Request.EventKey, Request.Ticket),
            (parsed.ToUserName, parsed.FromUserName, parsed.CreateTime, parsed.MsgType, parsed.Event, parsed.EventKey, parsed.Ticket));
    }

    [Fact]
    public void Compatible_event_body_holds_the_plaintext_elements_and_the_ciphertext()
    {
        var parsed = InboundMessage.Parse(InboundMessageWriter.WriteCompatible(Request, "abc="));

        Assert.Equal("login_1", parsed.EventKey);
        Assert.Equal("abc=", parsed.Encrypt);
    }

    [Fact]
    public void Safe_event_body_holds_only_the_recipient_and_the_ciphertext() =>
        Assert.Equal(
            "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt></xml>",
            InboundMessageWriter.WriteSafe("gh_account", "abc="));

    [Fact]
    public void Unknown_elements_are_written_back_after_the_typed_ones()
    {
        var message = InboundMessage.Parse("<xml><ToUserName>gh</ToUserName><MsgId>42</MsgId><Content>hi</Content></xml>");

        Assert.Equal(
            "<xml><ToUserName><![CDATA[gh]]></ToUserName><MsgId>42</MsgId><Content><![CDATA[hi]]></Content></xml>",
            InboundMessageWriter.WritePlaintext(message));
    }
}
