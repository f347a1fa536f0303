using System.Xml;
using Microsoft.Extensions.Time.Testing;
using FsCheck;
using FsCheck.Fluent;
using WeGate.WeChat.Crypto;
using WeGate.WeChat.Messages;

namespace WeGate.WeChat.Tests.Messages;

// Whatever an attacker posts, the parsers and the pipeline answer with a WeChatMessageException or a value.
public sealed class MessagePropertyTests
{
    private static readonly TimeProvider Time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1714037059));
    private static readonly CallbackAccount Account =
        new(Vectors.V3Token, Vectors.V3AppId, MessageMode.Compatible, EncodingAesKey.Parse(Vectors.V3Key), EncodingAesKey.Generate());

    private static readonly string[] Fragments =
    [
        "<xml>", "</xml>", "<ToUserName>", "</ToUserName>", "<Encrypt>", "</Encrypt>", "<CreateTime>", "</CreateTime>",
        "<![CDATA[", "]]>", "<!DOCTYPE xml [", "<!ENTITY a \"&b;&b;\">", "<!ENTITY x SYSTEM \"file:///etc/passwd\">", "]>",
        "&a;", "&x;", "&lt;", "&#0;", "&#x1F600;", "<?xml version=\"1.0\"?>", "<!--", "-->", "<?pi x?>", "<a/>",
        "<a b='1' b='2'>", "xmlns:p=\"u\"", "<p:a>", "\u0000", "\uD800", "登录", "=", "\"", "'", " ", "\n", "1714037059",
    ];

    private static readonly Arbitrary<string> HostileXml =
        Gen.ListOf(Gen.OneOf(Gen.Elements(Fragments), ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty)))
            .Select(parts => string.Concat(parts))
            .ToArbitrary();

    private static readonly Arbitrary<string> XmlText =
        ArbMap.Default.ArbFor<string>().Filter(s => s is not null && IsXmlText(s));

    [Fact]
    public void Random_strings_never_escape_the_parser_as_anything_but_a_message_error() =>
        Prop.ForAll<string>(text => OnlyMessageErrors(() => InboundMessage.Parse(text ?? string.Empty)))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Hostile_xml_never_escapes_the_parsers_as_anything_but_a_message_error() =>
        Prop.ForAll(HostileXml, xml =>
            {
                OnlyMessageErrors(() => InboundMessage.Parse(xml));
                OnlyMessageErrors(() => EncryptedReply.Parse(xml));
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Hostile_correctly_signed_bodies_never_escape_the_pipeline_as_anything_but_a_message_error() =>
        Prop.ForAll(HostileXml, xml => OnlyMessageErrors(() => Receiver().Open(SignedQuery(encrypt: null), xml)))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Random_correctly_signed_ciphertexts_never_escape_the_pipeline_as_anything_but_a_message_error() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), ArbMap.Default.ArbFor<bool>(), (bytes, asBase64) =>
            {
                var encrypt = asBase64 ? Convert.ToBase64String(bytes) : System.Text.Encoding.Latin1.GetString(bytes);
                var body = SafeBody(encrypt);
                OnlyMessageErrors(() => Receiver().Open(SignedQuery(encrypt), body));
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Correctly_encrypted_hostile_plaintext_never_escapes_the_pipeline_as_anything_but_a_message_error() =>
        Prop.ForAll(HostileXml, xml =>
            {
                if (!IsUtf16(xml))
                {
                    return;
                }

                var encrypt = WxBizMsgCrypt.Encrypt(xml, Account.AppId, Account.CurrentKey!);
                OnlyMessageErrors(() => Receiver().Open(SignedQuery(encrypt), SafeBody(encrypt)));
            })
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Any_xml_text_survives_a_reply_round_trip() =>
        Prop.ForAll(XmlText, content =>
                InboundMessage.Parse(TextReply.Write(InboundMessage.Scan("gh", "o", 1, "s", "t"), content, 1)).Elements["Content"]
                == XmlNormalized(content))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Any_event_survives_composition_and_opening_in_every_mode() =>
        Prop.ForAll(XmlText, XmlText, ArbMap.Default.ArbFor<MessageMode>(), (scene, ticket, mode) =>
            {
                var account = Account with { Mode = mode };
                var message = InboundMessage.Subscribe("gh_account", "oOPENID", 1, scene, ticket);
                var push = new CallbackSender(account, Time).Compose(message);
                var opened = new CallbackReceiver(account, Time).Open(push.Query, push.Body);
                return opened.Message.EventKey == XmlNormalized(message.EventKey!);
            })
            .QuickCheckThrowOnFailure();

    private static CallbackReceiver Receiver() => new(Account, Time);

    private static CallbackQuery SignedQuery(string? encrypt) => new(
        WeChatSignature.ForUrl(Account.Token, "1714037059", "42"),
        "1714037059",
        "42",
        encrypt is null ? null : "aes",
        encrypt is null ? null : WeChatSignature.ForMessage(Account.Token, "1714037059", "42", encrypt));

    private static string SafeBody(string encrypt) =>
        IsXmlText(encrypt)
            ? InboundMessageWriter.WriteSafe("gh_account", encrypt)
            : "<xml><Encrypt>" + encrypt + "</Encrypt></xml>";

    private static void OnlyMessageErrors(Action action)
    {
        try
        {
            action();
        }
        catch (WeChatMessageException)
        {
        }
    }

    // XML parsers turn CRLF and lone CR into LF, even inside CDATA.
    private static string XmlNormalized(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static bool IsUtf16(string text) =>
        System.Text.Unicode.Utf8.FromUtf16(text, new byte[text.Length * 3], out _, out _, replaceInvalidSequences: false)
            == System.Buffers.OperationStatus.Done;

    private static bool IsXmlText(string text)
    {
        try
        {
            XmlConvert.VerifyXmlChars(text);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
