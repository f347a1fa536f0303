using System.Collections.Frozen;

namespace WeGate.Server.Login.Accounts;

// The account pages' words, Chinese and English, chosen like the login page's.
internal static class AccountTexts
{
    private static readonly FrozenDictionary<string, string> En = new Dictionary<string, string>
    {
        ["select_title"] = "Choose your account", ["select_intro"] = "Your WeChat is linked to more than one account here. Pick the one to use; we will remember your choice.",
        ["use"] = "Use this account", ["last_login"] = "Last sign-in", ["never"] = "never", ["no_name"] = "(no name)",
        ["bind_title"] = "Link your WeChat", ["bind_intro"] = "This WeChat is not linked to an account yet.",
        ["create"] = "Create a new account", ["bind_existing"] = "Or link an account you already have", ["login"] = "Username, phone or email",
        ["password"] = "Password", ["bind"] = "Link and sign in", ["expired"] = "This step has expired. Go back to the application and sign in again.",
        ["wrong"] = "The login or password is wrong.", ["already_bound"] = "That account is already linked to another WeChat of this kind; sign in with that WeChat instead.",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> Zh = new Dictionary<string, string>
    {
        ["select_title"] = "选择账号", ["select_intro"] = "您的微信关联了本站的多个账号，请选择要使用的账号，我们会记住您的选择。",
        ["use"] = "使用此账号", ["last_login"] = "上次登录", ["never"] = "从未", ["no_name"] = "（未命名）",
        ["bind_title"] = "绑定微信", ["bind_intro"] = "此微信尚未绑定账号。",
        ["create"] = "创建新账号", ["bind_existing"] = "或绑定已有账号", ["login"] = "用户名、手机号或邮箱",
        ["password"] = "密码", ["bind"] = "绑定并登录", ["expired"] = "此步骤已过期，请返回应用重新登录。",
        ["wrong"] = "账号或密码错误。", ["already_bound"] = "该账号已绑定同类的另一个微信，请使用那个微信登录。",
    }.ToFrozenDictionary();

    public static FrozenDictionary<string, string> For(string language) => language.StartsWith("zh", StringComparison.Ordinal) ? Zh : En;
}
