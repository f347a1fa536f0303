using System.Text.RegularExpressions;

namespace WeGate.Server.Console;

// The admin API's rules and refusals in Chinese, for the Chinese console (docs/console.md#one-implementation-two-surfaces).
// The admin API answers in English, and the console shows its sentence; this table gives the Chinese of
// the ones its forms meet. A sentence the table does not know is shown as the API wrote it.
internal static partial class ConsoleRules
{
    // The rule after a field's name ("slug must be …"), as ValidationErrors writes it.
    private static readonly (Regex English, string Chinese)[] Rules =
    [
        (Rule("is required"), "必填"),
        (Rule(@"must be at most (\d+) characters \(got (\d+)\)"), "最多 $1 个字符（现在是 $2 个）"),
        (Rule(@"must be at least (\d+) characters"), "至少 $1 个字符"),
        (Rule(@"must be at most (\d+) characters"), "最多 $1 个字符"),
        (Rule("must be " + Regex.Escape(Core.Validation.Slug.Rule)), "必须是 1 到 31 个字符：小写字母 a-z、数字和“-”，且不能以“-”开头或结尾"),
        (Rule(@"must be a WeChat AppID: 'wx' and 16 lowercase hex digits, e\.g\. (\S+)"), "必须是微信 AppID：“wx”加 16 位小写十六进制数字，例如 $1"),
        (Rule("must be the AppSecret as WeChat shows it: letters and digits, at most 128"), "必须是微信显示的 AppSecret：字母和数字，最多 128 个"),
        (Rule("must be one of: (.+)"), "必须是以下之一：$1"),
        (Rule(@"applies only to (\S+(?: and \S+)?) connections.*"), "只适用于 $1 连接"),
        (Rule("must be 43 letters and digits, as WeChat generates it"), "必须是微信生成的 43 位字母和数字"),
        (Rule(@"is required when message_mode is (\S+)"), "message_mode 为 $1 时必填"),
        (Rule("is required for app-mp: .*"), "app-mp 连接必填：小程序的原始 ID（gh_…）"),
        (Rule("is required for oa-follow: .*"), "oa-follow 连接必填：公众号服务器配置中设置的 Token"),
        (Rule("must be an original id: 'gh_' and 12 lowercase hex digits"), "必须是原始 ID：“gh_”加 12 位小写十六进制数字"),
        (Rule("must be snsapi_base or snsapi_userinfo"), "必须是 snsapi_base 或 snsapi_userinfo"),
        (Rule("must be release, trial or develop"), "必须是 release、trial 或 develop"),
        (Rule("must be 3 to 32 letters and digits"), "必须是 3 到 32 个字母和数字"),
        (Rule("cannot change: identities and applications refer to the connection by it"), "不能修改：身份和应用通过它引用这个连接"),
        (Rule("cannot change: a pool's name is part of its issuer URL"), "不能修改：用户池名称是其 issuer URL 的一部分"),
        (Rule("must be an email address.*"), "必须是邮箱地址"),
        (Rule("must be owner or read-only"), "必须是 owner（所有者）或 read-only（只读）"),
        (Rule("must be ES256 or RS256"), "必须是 ES256 或 RS256"),
        (Rule("must be 1 to 64 characters: letters, digits, '.', '_' or '-'"), "必须是 1 到 64 个字符：字母、数字、“.”、“_”或“-”"),
        (Rule("at least one is required for the authorization_code grant"), "authorization_code 授权至少需要一个"),
        (Rule("'(.+)' is not a connection of pool '(.+)'"), "“$1”不是用户池“$2”的连接"),
        (Rule(@"'(.+)' must be a colour in the form #RRGGBB, e\.g\. (\S+)"), "“$1”必须是 #RRGGBB 形式的颜色，例如 $2"),
    ];

    // Whole sentences of refusals.
    private static readonly (Regex English, string Chinese)[] Sentences =
    [
        (Rule("A pool named '(.+)' exists already."), "名为“$1”的用户池已存在。"),
        (Rule(@"There is no pool '([^']+)'\..*"), "没有用户池“$1”。"),
        (Rule("Pool '(.+)' has a connection '(.+)' already; slugs are unique within a pool."), "用户池“$1”已有连接“$2”；同一用户池中的 slug 不能重复。"),
        (Rule("Connection '(.+)' is enabled for application\\(s\\) (.+); remove it from their `connections` first."), "连接“$1”已在应用 $2 中启用；请先从这些应用的 connections 中移除它。"),
        (Rule("Pool '(.+)' has an application with client_id '(.+)' already."), "用户池“$1”已有 client_id 为“$2”的应用。"),
        (Rule(@"An administrator with the email address (\S+) exists already."), "邮箱为 $1 的管理员已存在。"),
        (Rule(@"(\S+) is the only owner and cannot be removed: make another administrator an owner first."), "$1 是唯一的所有者，不能移除：请先把另一位管理员设为所有者。"),
        (Rule(@"(\S+) is the only owner and cannot be made read-only: make another administrator an owner first."), "$1 是唯一的所有者，不能设为只读：请先把另一位管理员设为所有者。"),
    ];

    [GeneratedRegex(@"^The request breaks (?:one or more|these) rules: (.+)$", RegexOptions.Singleline)]
    private static partial Regex Broken();

    // The message in the console's language.
    public static string Translate(ConsoleTexts t, string message)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (!t.IsChinese || string.IsNullOrEmpty(message))
            return message;
        if (Broken().Match(message) is { Success: true } broken)
            return "请求违反了这些规则：" + string.Join("；", broken.Groups[1].Value.Split("; ").Select(FieldRule));
        return Apply(Sentences, message) ?? message;
    }

    // One field's rules as the connection form shows them under the field.
    public static string Rule(ConsoleTexts t, string rule) => t is { IsChinese: true } ? Apply(Rules, rule) ?? rule : rule;

    // "field rule, rule" (DomainValidationException) → "field：规则，规则".
    private static string FieldRule(string part)
    {
        var space = part.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
            return part;
        var rules = part[(space + 1)..];
        return part[..space] + "：" + (Apply(Rules, rules) ?? string.Join("，", rules.Split(", ").Select(r => Apply(Rules, r) ?? r)));
    }

    private static string? Apply((Regex English, string Chinese)[] table, string text)
    {
        foreach (var (english, chinese) in table)
        {
            if (english.IsMatch(text))
                return english.Replace(text, chinese);
        }
        return null;
    }

    private static Regex Rule(string pattern) => new("^" + pattern + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
