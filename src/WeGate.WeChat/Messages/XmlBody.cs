using System.Globalization;
using System.Text;
using System.Xml;

namespace WeGate.WeChat.Messages;

// Writes WeChat's flat <xml> bodies: text in CDATA, numbers bare, as in docs/wechat-contract.md#event-pushes, docs/wechat-contract.md#passive-replies.
internal sealed class XmlBody
{
    private readonly StringBuilder builder = new("<xml>");

    public XmlBody Cdata(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        VerifyName(name);
        VerifyText(name, value);
        // "]]>" would end the section early: close it after "]]" and reopen before ">".
        builder.Append('<').Append(name).Append("><![CDATA[")
            .Append(value.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal))
            .Append("]]></").Append(name).Append('>');
        return this;
    }

    public XmlBody Number(string name, long? value) =>
        value is null ? this : Digits(name, value.Value.ToString(CultureInfo.InvariantCulture));

    // Digits need no escaping; anything else goes in CDATA.
    public XmlBody Digits(string name, string value)
    {
        if (value.Length == 0 || !value.All(char.IsAsciiDigit))
        {
            return Cdata(name, value);
        }

        VerifyName(name);
        builder.Append('<').Append(name).Append('>').Append(value).Append("</").Append(name).Append('>');
        return this;
    }

    public override string ToString() => builder + "</xml>";

    private static void VerifyName(string name)
    {
        try
        {
            XmlConvert.VerifyNCName(name);
        }
        catch (XmlException ex)
        {
            throw new ArgumentException($"'{name}' is not an XML element name.", nameof(name), ex);
        }
    }

    private static void VerifyText(string name, string value)
    {
        try
        {
            XmlConvert.VerifyXmlChars(value);
        }
        catch (XmlException ex)
        {
            throw new ArgumentException($"<{name}> holds characters XML cannot carry.", nameof(value), ex);
        }
    }
}
