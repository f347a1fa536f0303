using System.Xml;
using System.Xml.Linq;

namespace WeGate.WeChat.Messages;

// Callback bodies come from the internet: no DTDs (entity bombs, external entities), no resolver,
// and a hard size cap. WeChat's own bodies are flat <xml> documents of a few KiB (docs/wechat-contract.md#event-pushes).
internal static class SecureXml
{
    public const int MaxBodyLength = 64 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBodyLength,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    // Top-level children of <xml>, name → text. Nested elements keep their inner XML so that
    // unknown event shapes survive a round trip through the dictionary.
    public static IReadOnlyDictionary<string, string> ReadElements(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (xml.Length > MaxBodyLength)
        {
            throw new WeChatMessageException(
                WeChatMessageError.BodyTooLarge, $"The XML body exceeds {MaxBodyLength} characters.");
        }

        var root = Load(xml);
        if (root.Name != "xml")
        {
            throw new WeChatMessageException(
                WeChatMessageError.UnexpectedRoot, "The XML body's root element is not <xml>.");
        }

        var elements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in root.Elements())
        {
            var value = element.HasElements ? string.Concat(element.Nodes()) : element.Value;
            if (!elements.TryAdd(element.Name.LocalName, value))
            {
                throw new WeChatMessageException(
                    WeChatMessageError.MalformedXml, $"The XML body repeats <{element.Name.LocalName}>.");
            }
        }

        return elements;
    }

    private static XElement Load(string xml)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings);
            return XDocument.Load(reader).Root!;
        }
        catch (XmlException ex)
        {
            throw new WeChatMessageException(WeChatMessageError.MalformedXml, "The body is not acceptable XML.", ex);
        }
    }
}
