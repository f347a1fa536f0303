using System.Text.RegularExpressions;
using WeGate.Core.Validation;

namespace WeGate.Core.Connections;

// Validation of a connection as a whole, shared by the admin API and declarative configuration.
public static partial class ConnectionRules
{
    public const int DisplayNameMaxLength = 100;
    public const int PageMaxLength = 256;

    [GeneratedRegex("^wx[0-9a-f]{16}$")]
    private static partial Regex AppIdPattern();

    [GeneratedRegex("^[A-Za-z0-9]{1,128}$")]
    private static partial Regex AppSecretPattern();

    // docs/wechat-contract.md#official-account-server: the server Token is 3–32 letters and digits.
    [GeneratedRegex("^[A-Za-z0-9]{3,32}$")]
    private static partial Regex TokenPattern();

    // docs/wechat-contract.md#encodingaeskey: 43 characters from [a-zA-Z0-9].
    [GeneratedRegex("^[A-Za-z0-9]{43}$")]
    private static partial Regex AesKeyPattern();

    [GeneratedRegex("^gh_[0-9a-f]{12}$")]
    private static partial Regex OriginalIdPattern();

    // docs/wechat-contract.md#mini-program-codes: no leading '/', no query string.
    [GeneratedRegex("^[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*$")]
    private static partial Regex PagePattern();

    public static void Validate(Connection c, ConnectionSecrets storedAfterChange, ValidationErrors errors)
    {
        if (!Slug.IsValid(c.Slug))
            errors.Add("slug", "must be " + Slug.Rule);
        if (!ConnectionType.IsKnown(c.Type))
            errors.Add("type", "must be one of: " + string.Join(", ", ConnectionType.All));
        errors.Required("display_name", c.DisplayName);
        errors.MaxLength("display_name", c.DisplayName, DisplayNameMaxLength);
        if (!AppIdPattern().IsMatch(c.AppId ?? ""))
            errors.Add("app_id", "must be a WeChat AppID: 'wx' and 16 lowercase hex digits, e.g. wx1234567890abcdef");
        if (!BindingPolicy.All.Contains(c.BindingPolicy, StringComparer.Ordinal))
            errors.Add("binding_policy", "must be one of: " + string.Join(", ", BindingPolicy.All));

        var s = storedAfterChange;
        if (s.AppSecret is null)
            errors.Add("app_secret", "is required");
        else if (!AppSecretPattern().IsMatch(s.AppSecret))
            errors.Add("app_secret", "must be the AppSecret as WeChat shows it: letters and digits, at most 128");

        if (c.Type == ConnectionType.OfficialAccountFollow)
            ValidateOfficialAccountServer(c, s, errors);
        else
        {
            // Refused rather than stored unused: a misplaced secret is a configuration mistake.
            if (c.Settings.MessageMode is not null)
                errors.Add("settings.message_mode", "applies only to oa-follow connections");
            if (s.Token is not null)
                errors.Add("token", "applies only to oa-follow connections (the official account's server Token)");
            if (s.EncodingAesKey is not null)
                errors.Add("encoding_aes_key", "applies only to oa-follow connections");
            if (s.PreviousEncodingAesKey is not null)
                errors.Add("previous_encoding_aes_key", "applies only to oa-follow connections");
        }

        if (c.Type == ConnectionType.OfficialAccountWeb)
        {
            if (c.Settings.Scope is not (null or "snsapi_base" or "snsapi_userinfo"))
                errors.Add("settings.scope", "must be snsapi_base or snsapi_userinfo");
        }
        else if (c.Settings.Scope is not null)
            errors.Add("settings.scope", "applies only to oa-web connections");

        var miniProgram = c.Type is ConnectionType.MiniProgramQr or ConnectionType.AppLaunchesMiniProgram;
        if (c.Settings.Page is not null && (!miniProgram || c.Settings.Page.Length > PageMaxLength || !PagePattern().IsMatch(c.Settings.Page)))
            errors.Add("settings.page", miniProgram
                ? "must be a mini program page path such as pages/login/index: no leading '/', no query, at most 256 characters"
                : "applies only to mp-qr and app-mp connections");
        if (c.Settings.EnvVersion is not (null or "release" or "trial" or "develop"))
            errors.Add("settings.env_version", "must be release, trial or develop");
        else if (c.Settings.EnvVersion is not null && !miniProgram)
            errors.Add("settings.env_version", "applies only to mp-qr and app-mp connections");

        if (c.Type == ConnectionType.AppLaunchesMiniProgram && c.Settings.OriginalId is null)
            errors.Add("settings.original_id", "is required for app-mp: the mini program's original id gh_… (docs/wechat-contract.md#app-launches-mini-program)");
        if (c.Settings.OriginalId is not null && !OriginalIdPattern().IsMatch(c.Settings.OriginalId))
            errors.Add("settings.original_id", "must be an original id: 'gh_' and 12 lowercase hex digits");
    }

    private static void ValidateOfficialAccountServer(Connection c, ConnectionSecrets s, ValidationErrors errors)
    {
        var mode = c.Settings.MessageMode ?? MessageMode.Plaintext;
        if (!MessageMode.All.Contains(mode, StringComparer.Ordinal))
            errors.Add("settings.message_mode", "must be one of: " + string.Join(", ", MessageMode.All));
        if (s.Token is null)
            errors.Add("token", "is required for oa-follow: the Token set on the official account's server configuration");
        else if (!TokenPattern().IsMatch(s.Token))
            errors.Add("token", "must be 3 to 32 letters and digits");
        if (mode != MessageMode.Plaintext && s.EncodingAesKey is null)
            errors.Add("encoding_aes_key", $"is required when message_mode is {mode}");
        if (s.EncodingAesKey is not null && !AesKeyPattern().IsMatch(s.EncodingAesKey))
            errors.Add("encoding_aes_key", "must be 43 letters and digits, as WeChat generates it");
        if (s.PreviousEncodingAesKey is not null && !AesKeyPattern().IsMatch(s.PreviousEncodingAesKey))
            errors.Add("previous_encoding_aes_key", "must be 43 letters and digits, as WeChat generates it");
    }
}
