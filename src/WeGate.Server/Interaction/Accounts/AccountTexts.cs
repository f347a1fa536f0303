using System.Collections.Frozen;

namespace WeGate.Server.Interaction.Accounts;

// The account pages' words, Chinese and English, chosen like the login page's.
internal static class AccountTexts
{
    private static readonly FrozenDictionary<string, string> En = new Dictionary<string, string>
    {
        ["select_title"] = "Choose your account", ["select_intro"] = "Your WeChat is linked to more than one account here. Pick the one to use; we will remember your choice.",
        ["use"] = "Use this account", ["last_login"] = "Last sign-in", ["never"] = "never", ["no_name"] = "(no name)",
        ["bind_title"] = "Link your WeChat", ["bind_intro"] = "This WeChat is not linked to an account yet.",
        ["bind_intro_link_only"] = "This sign-in is for existing accounts, and this WeChat is not linked to one yet. Link it to your account once; after that WeChat signs you in.",
        ["bind_existing_only"] = "Link your account",
        ["create"] = "Create a new account", ["bind_existing"] = "Or link an account you already have", ["login"] = "Username, phone or email",
        ["password"] = "Password", ["bind"] = "Link and sign in", ["expired"] = "This step has expired. Go back to the application and sign in again.",
        ["wrong"] = "The login or password is wrong.", ["or_code"] = "Or prove it with a code sent to its phone or email",
        ["phone_or_email"] = "Phone number or email", ["send"] = "Send code", ["code"] = "Code", ["bind_code"] = "Link with this code",
        ["sent"] = "If an account uses {0}, a code was sent to it. It is valid for 10 minutes; if none arrives, ask again after a minute.", ["code_wrong"] = "The code is wrong, used or expired.",
        ["code_locked"] = "Too many wrong codes were entered for this phone number or email. Try again in {0} hour(s).",
        ["no_account"] = "No account uses that phone number or email.", ["retry_in"] = "Please wait {0} seconds before asking for another code.",
        ["arriving"] = "The WeChat user signing in:",
        ["not_yours"] = "Go on only if this is your own WeChat, which you have just used to sign in. If someone sent you this link, close this page.",
        ["bad_recipient"] = "Enter a phone number (+86…) or an email address.", ["already_bound"] = "That account is already linked to another WeChat of this kind; sign in with that WeChat instead.",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> Zh = new Dictionary<string, string>
    {
        ["select_title"] = "选择账号", ["select_intro"] = "您的微信关联了本站的多个账号，请选择要使用的账号，我们会记住您的选择。",
        ["use"] = "使用此账号", ["last_login"] = "上次登录", ["never"] = "从未", ["no_name"] = "（未命名）",
        ["bind_title"] = "绑定微信", ["bind_intro"] = "此微信尚未绑定账号。",
        ["bind_intro_link_only"] = "此登录方式仅限已有账号，此微信尚未绑定账号。绑定一次后即可用微信登录。",
        ["bind_existing_only"] = "绑定您的账号",
        ["create"] = "创建新账号", ["bind_existing"] = "或绑定已有账号", ["login"] = "用户名、手机号或邮箱",
        ["password"] = "密码", ["bind"] = "绑定并登录", ["expired"] = "此步骤已过期，请返回应用重新登录。",
        ["wrong"] = "账号或密码错误。", ["or_code"] = "或用发送到其手机或邮箱的验证码证明",
        ["phone_or_email"] = "手机号或邮箱", ["send"] = "发送验证码", ["code"] = "验证码", ["bind_code"] = "用验证码绑定",
        ["sent"] = "如有账号使用 {0}，验证码已发送，10 分钟内有效；如未收到，请一分钟后重新获取。", ["code_wrong"] = "验证码错误、已使用或已过期。",
        ["code_locked"] = "该手机号或邮箱输入错误验证码的次数过多，请 {0} 小时后再试。",
        ["no_account"] = "没有账号使用该手机号或邮箱。", ["retry_in"] = "请等待 {0} 秒后再获取验证码。",
        ["arriving"] = "正在登录的微信用户：",
        ["not_yours"] = "请确认这是您本人刚刚用于登录的微信。如果此链接是别人发给您的，请关闭本页。",
        ["bad_recipient"] = "请输入手机号（+86…）或邮箱地址。", ["already_bound"] = "该账号已绑定同类的另一个微信，请使用那个微信登录。",
    }.ToFrozenDictionary();

    public static FrozenDictionary<string, string> For(string language) => language.StartsWith("zh", StringComparison.Ordinal) ? Zh : En;
}
