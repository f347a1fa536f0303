using System.Text.RegularExpressions;

namespace WeGate.WeChat.Client;

// errmsg ends with ", rid: 63e60657-344dd3ee-28b67950" today and " hint: [xxxx]" or
// ", hints: [ req_id: xxxx ]" in older responses (docs/wechat-contract.md#conventions).
internal static partial class WeChatRid
{
    public static string? Parse(string? errMsg)
    {
        if (string.IsNullOrEmpty(errMsg))
        {
            return null;
        }

        var rid = RidPattern().Match(errMsg);
        if (rid.Success)
        {
            return rid.Groups[1].Value;
        }

        var hint = HintPattern().Match(errMsg);
        return hint.Success ? hint.Groups[1].Value : null;
    }

    [GeneratedRegex(@"rid:\s*([0-9a-fA-F]{8}-[0-9a-fA-F]{8}-[0-9a-fA-F]{8})", RegexOptions.CultureInvariant)]
    private static partial Regex RidPattern();

    [GeneratedRegex(@"hints?:\s*\[\s*(?:req_id:\s*)?([^\]\s]+)\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex HintPattern();
}
