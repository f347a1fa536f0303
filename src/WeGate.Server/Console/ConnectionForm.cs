using WeGate.Core.Connections;
using WeGate.Server.Admin;
using static WeGate.Server.Console.ConsoleHtml;

namespace WeGate.Server.Console;

// The form of one connection type (docs/console.md#connections): the fields the admin API's connection
// takes for that type, each with one sentence saying what it is and where WeChat shows it. The browser
// checks the patterns and lengths of ConnectionRules as you type (HTML attributes, no script); the
// server checks them again through the admin API's rules and shows each message beside its field.
internal static class ConnectionForm
{
    public static readonly string[] Fields =
        ["slug", "display_name", "app_id", "app_secret", "token", "encoding_aes_key", "previous_encoding_aes_key", "message_mode", "scope", "page",
            "env_version", "original_id", "binding_policy"];

    // What the form sends, as the admin API's request: empty optional fields are absent, and on an edit an
    // empty secret keeps the stored one.
    public static ConnectionEndpoints.ConnectionRequest Request(string type, IReadOnlyDictionary<string, string> v, bool loginOnly, bool enabled, bool removePreviousKey)
    {
        string? Value(string name) => v.TryGetValue(name, out var s) && s.Trim().Length > 0 ? s.Trim() : null;
        var follow = type == ConnectionType.OfficialAccountFollow;
        var miniProgram = type is ConnectionType.MiniProgramQr or ConnectionType.AppLaunchesMiniProgram;
        return new ConnectionEndpoints.ConnectionRequest
        {
            Slug = Value("slug"), Type = type, DisplayName = v.GetValueOrDefault("display_name") ?? "", AppId = Value("app_id") ?? "",
            AppSecret = Value("app_secret"),
            Token = follow ? Value("token") : null,
            EncodingAesKey = follow ? Value("encoding_aes_key") : null,
            PreviousEncodingAesKey = !follow ? null : removePreviousKey ? "" : Value("previous_encoding_aes_key"),
            Settings = new ConnectionSettings
            {
                MessageMode = follow ? Value("message_mode") : null,
                Scope = type == ConnectionType.OfficialAccountWeb ? Value("scope") : null,
                Page = miniProgram ? Value("page") : null,
                EnvVersion = miniProgram ? Value("env_version") : null,
                OriginalId = follow || type == ConnectionType.AppLaunchesMiniProgram ? Value("original_id") : null,
            },
            LoginOnly = loginOnly, BindingPolicy = Value("binding_policy"), Enabled = enabled,
        };
    }

    public static Dictionary<string, string> Values(Connection c) => new()
    {
        ["slug"] = c.Slug, ["display_name"] = c.DisplayName, ["app_id"] = c.AppId, ["message_mode"] = c.Settings.MessageMode ?? MessageMode.Plaintext,
        ["scope"] = c.Settings.Scope ?? "snsapi_base", ["page"] = c.Settings.Page ?? "", ["env_version"] = c.Settings.EnvVersion ?? "release",
        ["original_id"] = c.Settings.OriginalId ?? "", ["binding_policy"] = c.BindingPolicy,
    };

    // editing: the slug is fixed and secrets may stay empty (kept). errors: the admin API's, by field.
    public static string Render(ConsoleTexts t, string type, IReadOnlyDictionary<string, string> v, IDictionary<string, string[]> errors, bool editing,
        bool loginOnly, bool enabled, IReadOnlyList<string> secretsSet)
    {
        string V(string name) => v.TryGetValue(name, out var s) ? s : "";
        string Err(string name) => errors.TryGetValue(name, out var m) || errors.TryGetValue("settings." + name, out m)
            ? $"<p class=\"error field-error\" data-field-error=\"{name}\">{E(string.Join("; ", m.Select(r => ConsoleRules.Rule(t, r))))}</p>" : "";
        string Input(string name, string label, string hint, string attributes, string inputType = "text") => $"""
            <div><label for="{name}">{E(label)}</label>
            <input id="{name}" name="{name}" type="{inputType}" value="{E(inputType == "password" ? "" : V(name))}" {attributes}{(errors.Keys.Any(k => k == name || k == "settings." + name) ? " aria-invalid=\"true\"" : "")}>
            <p class="hint">{E(hint)}</p>{Err(name)}</div>
            """;
        string Select(string name, string label, string hint, IEnumerable<(string Value, string Label)> options) => $"""
            <div><label for="{name}">{E(label)}</label><select id="{name}" name="{name}">{string.Concat(options.Select(o =>
                $"<option value=\"{E(o.Value)}\"{(V(name) == o.Value ? " selected" : "")}>{E(o.Label)}</option>"))}</select>
            <p class="hint">{E(hint)}</p>{Err(name)}</div>
            """;
        string Keep(string secret) => editing && secretsSet.Contains(secret) ? " " + t["hint_secret_keep"] : "";
        string Required(string secret) => editing && secretsSet.Contains(secret) ? "" : " required";

        var kind = Kind(type);
        var html = new System.Text.StringBuilder();
        html.Append("<div class=\"row\">");
        html.Append(editing
            ? $"<div><label>{E(t["conn_slug"])}</label><p><code data-slug>{E(V("slug"))}</code></p><p class=\"hint\">{E(t["hint_slug_fixed"])}</p></div>"
            : Input("slug", t["conn_slug"], t["hint_slug"], "required maxlength=\"31\" pattern=\"[a-z0-9]([a-z0-9\\-]{0,29}[a-z0-9])?\" autocomplete=\"off\""));
        html.Append(Input("display_name", t["display_name"], t["hint_display_name"], $"required maxlength=\"{ConnectionRules.DisplayNameMaxLength}\""));
        html.Append("</div><div class=\"row\">");
        html.Append(Input("app_id", "AppID", t["hint_app_id_" + kind], "required maxlength=\"18\" pattern=\"wx[0-9a-f]{16}\" autocomplete=\"off\" spellcheck=\"false\""));
        html.Append(Input("app_secret", "AppSecret", t["hint_app_secret_" + kind] + Keep("app_secret"),
            $"maxlength=\"128\" pattern=\"[A-Za-z0-9]{{1,128}}\" autocomplete=\"new-password\" spellcheck=\"false\"{Required("app_secret")}", "password"));
        html.Append("</div>");
        if (type == ConnectionType.OfficialAccountFollow)
        {
            html.Append("<h2>").Append(E(t["conn_server_config"])).Append("</h2><div class=\"row\">");
            html.Append(Input("token", "Token", t["hint_token"] + Keep("token"), $"maxlength=\"32\" pattern=\"[A-Za-z0-9]{{3,32}}\" autocomplete=\"off\" spellcheck=\"false\"{Required("token")}"));
            html.Append(Select("message_mode", t["message_mode"], t["hint_message_mode"],
                MessageMode.All.Select(m => (m, t["mode_" + m]))));
            html.Append("</div><div class=\"row\">");
            html.Append(Input("encoding_aes_key", "EncodingAESKey", t["hint_encoding_aes_key"] + Keep("encoding_aes_key"),
                "minlength=\"43\" maxlength=\"43\" pattern=\"[A-Za-z0-9]{43}\" autocomplete=\"off\" spellcheck=\"false\""));
            if (editing)
            {
                html.Append(Input("previous_encoding_aes_key", t["previous_encoding_aes_key"], t["hint_previous_encoding_aes_key"] + Keep("previous_encoding_aes_key"),
                    "minlength=\"43\" maxlength=\"43\" pattern=\"[A-Za-z0-9]{43}\" autocomplete=\"off\" spellcheck=\"false\""));
            }
            html.Append("</div>");
            if (editing && secretsSet.Contains("previous_encoding_aes_key"))
                html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"remove_previous_key\" style=\"width:auto\"> {E(t["remove_previous_key"])}</label>");
            html.Append("<div class=\"row\">").Append(Input("original_id", t["original_id"], t["hint_original_id_oa"], "maxlength=\"15\" pattern=\"gh_[0-9a-f]{12}\" spellcheck=\"false\"")).Append("</div>");
        }
        if (type == ConnectionType.OfficialAccountWeb)
            html.Append("<div class=\"row\">").Append(Select("scope", t["scope"], t["hint_scope"], [("snsapi_base", "snsapi_base"), ("snsapi_userinfo", "snsapi_userinfo")])).Append("</div>");
        if (type is ConnectionType.MiniProgramQr or ConnectionType.AppLaunchesMiniProgram)
        {
            html.Append("<div class=\"row\">");
            html.Append(Input("page", t["page"], t[type == ConnectionType.MiniProgramQr ? "hint_page_mp_qr" : "hint_page_app_mp"],
                $"maxlength=\"{ConnectionRules.PageMaxLength}\" pattern=\"[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*\" placeholder=\"pages/login/index\" spellcheck=\"false\""));
            html.Append(Select("env_version", t["env_version"], t["hint_env_version"], [("release", "release"), ("trial", "trial"), ("develop", "develop")]));
            html.Append("</div>");
            if (type == ConnectionType.AppLaunchesMiniProgram)
                html.Append("<div class=\"row\">").Append(Input("original_id", t["original_id"], t["hint_original_id_app_mp"],
                    "required maxlength=\"15\" pattern=\"gh_[0-9a-f]{12}\" spellcheck=\"false\"")).Append("</div>");
        }
        html.Append("<h2>").Append(E(t["conn_accounts"])).Append("</h2><div class=\"row\">");
        html.Append(Select("binding_policy", t["binding_policy"], t["hint_binding_policy"], BindingPolicy.All.Select(p => (p, t["policy_" + p]))));
        html.Append("</div>");
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"login_only\" style=\"width:auto\"{(loginOnly ? " checked" : "")}> {E(t["login_only"])}</label><p class=\"hint\">{E(t["hint_login_only"])}</p>");
        html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"enabled\" style=\"width:auto\"{(enabled ? " checked" : "")}> {E(t["enabled"])}</label><p class=\"hint\">{E(t["hint_enabled"])}</p>");
        return html.ToString();
    }

    // Whose AppID the type holds, for the sentences that say where WeChat shows it.
    public static string Kind(string type) => type switch
    {
        ConnectionType.OfficialAccountFollow or ConnectionType.OfficialAccountWeb => "oa",
        ConnectionType.WebsiteQr => "website",
        ConnectionType.Mobile => "mobile",
        _ => "mp",
    };
}
