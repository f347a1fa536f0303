using WeGate.WeChat.Messages;

namespace WeGate.WeChat.Tests.Messages;

public sealed class InboundMessageTests
{
    // The sample bodies of docs/wechat-contract.md#event-pushes.
    private const string SubscribeByScan =
        """
        <xml><ToUserName><![CDATA[gh_OA_original_id]]></ToUserName><FromUserName><![CDATA[OPENID]]></FromUserName>
        <CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>
        <EventKey><![CDATA[qrscene_123123]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket></xml>
        """;

    private const string Scan =
        """
        <xml><ToUserName><![CDATA[gh_OA_original_id]]></ToUserName><FromUserName><![CDATA[OPENID]]></FromUserName>
        <CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event>
        <EventKey><![CDATA[login_9f2c]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket></xml>
        """;

    [Fact]
    public void Subscribe_event_from_a_qr_code_is_parsed_with_its_scene_unprefixed()
    {
        var message = InboundMessage.Parse(SubscribeByScan);

        Assert.Equal("gh_OA_original_id", message.ToUserName);
        Assert.Equal("OPENID", message.FromUserName);
        Assert.Equal(123456789, message.CreateTime);
        Assert.Equal("event", message.MsgType);
        Assert.True(message.IsSubscribe);
        Assert.Equal("qrscene_123123", message.EventKey);
        Assert.Equal("123123", message.QrScene);
        Assert.Equal("TICKET", message.Ticket);
    }

    [Fact]
    public void Scan_event_carries_the_bare_scene()
    {
        var message = InboundMessage.Parse(Scan);

        Assert.True(message.IsScan);
        Assert.Equal("login_9f2c", message.QrScene);
    }

    [Theory]
    [InlineData("<xml><MsgType>event</MsgType><Event>subscribe</Event></xml>")]
    [InlineData("<xml><MsgType>event</MsgType><Event>subscribe</Event><EventKey></EventKey><Ticket/></xml>")]
    [InlineData("<xml><MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_</EventKey></xml>")]
    [InlineData("<xml><MsgType>text</MsgType><EventKey>qrscene_1</EventKey></xml>")]
    [InlineData("<xml><MsgType>event</MsgType><Event>CLICK</Event><EventKey>qrscene_1</EventKey></xml>")]
    public void Follow_without_a_qr_code_or_another_message_has_no_scene(string xml) =>
        Assert.Null(InboundMessage.Parse(xml).QrScene);

    [Fact]
    public void Unknown_elements_are_kept_and_nested_ones_keep_their_inner_xml()
    {
        var message = InboundMessage.Parse(
            "<xml><MsgType>event</MsgType><Latitude>23.137466</Latitude><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>");

        Assert.Equal("23.137466", message.Elements["Latitude"]);
        Assert.Equal("<ScanType>qrcode</ScanType>", message.Elements["ScanCodeInfo"]);
    }

    [Fact]
    public void Safe_mode_body_parses_into_the_recipient_and_the_ciphertext()
    {
        var message = InboundMessage.Parse("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt></xml>");

        Assert.Equal("gh_1", message.ToUserName);
        Assert.Equal("abc=", message.Encrypt);
        Assert.Null(message.FromUserName);
    }

    [Theory]
    [InlineData("<xml><CreateTime>soon</CreateTime></xml>")]
    [InlineData("<xml><CreateTime>-1</CreateTime></xml>")]
    [InlineData("<xml><CreateTime>99999999999999999999</CreateTime></xml>")]
    public void Create_time_that_is_not_a_timestamp_is_rejected(string xml) =>
        AssertRejected(xml, WeChatMessageError.InvalidElement);

    [Theory]
    [InlineData("<root><ToUserName>x</ToUserName></root>")]
    [InlineData("<XML></XML>")]
    public void Body_with_another_root_is_rejected(string xml) =>
        AssertRejected(xml, WeChatMessageError.UnexpectedRoot);

    [Theory]
    [InlineData("")]
    [InlineData("success")]
    [InlineData("<xml>")]
    [InlineData("<xml></xm>")]
    [InlineData("<xml><a></xml>")]
    [InlineData("<xml/><xml/>")]
    [InlineData("<xml><MsgType>a</MsgType><MsgType>b</MsgType></xml>")]
    [InlineData("<xml>&unknown;</xml>")]
    [InlineData("<xml>\u0001</xml>")]
    public void Malformed_xml_is_rejected(string xml) =>
        AssertRejected(xml, WeChatMessageError.MalformedXml);

    [Fact]
    public void Billion_laughs_document_is_rejected_without_expanding_entities()
    {
        const string xml =
            """
            <?xml version="1.0"?>
            <!DOCTYPE xml [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <xml><Content>&lol9;</Content></xml>
            """;

        AssertRejected(xml, WeChatMessageError.MalformedXml);
    }

    [Fact]
    public void External_entity_document_is_rejected_without_reading_the_file() =>
        AssertRejected(
            """<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>""",
            WeChatMessageError.MalformedXml);

    [Fact]
    public void Body_over_the_size_limit_is_rejected_before_parsing()
    {
        var xml = "<xml><Content>" + new string('a', SecureXml.MaxBodyLength) + "</Content></xml>";

        AssertRejected(xml, WeChatMessageError.BodyTooLarge);
    }

    [Fact]
    public void Body_just_under_the_size_limit_parses()
    {
        const string frame = "<xml><Content></Content></xml>";
        var xml = "<xml><Content>" + new string('a', SecureXml.MaxBodyLength - frame.Length) + "</Content></xml>";

        Assert.Equal(SecureXml.MaxBodyLength - frame.Length, InboundMessage.Parse(xml).Elements["Content"].Length);
    }

    [Fact]
    public void Subscribe_and_scan_factories_write_the_scene_the_way_wechat_does()
    {
        Assert.Equal("qrscene_login_1", InboundMessage.Subscribe("gh_1", "o1", 1, "login_1", "T").EventKey);
        Assert.Null(InboundMessage.Subscribe("gh_1", "o1", 1, scene: null, ticket: null).EventKey);
        Assert.Equal("login_1", InboundMessage.Scan("gh_1", "o1", 1, "login_1", "T").EventKey);
    }

    private static void AssertRejected(string xml, WeChatMessageError expected)
    {
        var error = Assert.Throws<WeChatMessageException>(() => InboundMessage.Parse(xml));
        Assert.Equal(expected, error.Error);
    }
}
