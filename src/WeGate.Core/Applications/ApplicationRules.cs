using System.Text.RegularExpressions;
using WeGate.Core.Validation;

namespace WeGate.Core.Applications;

public static partial class ApplicationRules
{
    public const int DisplayNameMaxLength = 100;
    public const int MaxRedirectUris = 20;
    public const int RedirectUriMaxLength = 2000;
    public const int MaxLifetimeSeconds = 365 * 24 * 3600;
    public const int MaxApiScopes = 50;

    // The scopes about a person (OIDC Core §5.4 and WeGate's wechat): never an API scope, since a
    // client_credentials token acts for no person.
    public static readonly IReadOnlyList<string> UserScopes = ["openid", "profile", "email", "phone", "address", "wechat", "offline_access"];

    [GeneratedRegex("^[A-Za-z0-9._:/\\-]{1,128}$")]
    private static partial Regex ApiScopePattern();

    [GeneratedRegex("^[A-Za-z0-9._\\-]{1,64}$")]
    private static partial Regex ClientIdPattern();

    // A logo inline in the application's record: a base64 image of at most LogoDataMaxLength characters.
    // SVG is safe here because the pages show a logo only as an <img>, where an SVG runs no script.
    public const int LogoDataMaxLength = 32 * 1024;

    [GeneratedRegex("^data:image/(png|jpeg|gif|webp|svg\\+xml);base64,[A-Za-z0-9+/]+={0,2}$")]
    private static partial Regex LogoDataPattern();

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex ColorPattern();

    public static void Validate(Application a, ValidationErrors errors)
    {
        if (!ClientIdPattern().IsMatch(a.ClientId ?? ""))
            errors.Add("client_id", "must be 1 to 64 characters: letters, digits, '.', '_' or '-'");
        errors.Required("display_name", a.DisplayName);
        errors.MaxLength("display_name", a.DisplayName, DisplayNameMaxLength);
        if (!ApplicationType.All.Contains(a.Type, StringComparer.Ordinal))
            errors.Add("type", "must be one of: " + string.Join(", ", ApplicationType.All));

        foreach (var g in a.Grants.Where(g => !GrantType.All.Contains(g, StringComparer.Ordinal)))
            errors.Add("grants", $"'{g}' is not a supported grant; use: {string.Join(", ", GrantType.All)} (implicit and password are not offered, RFC 9700 §2.1.2, §2.4)");
        if (a.Grants.Contains(GrantType.ClientCredentials) && !a.IsConfidential)
            errors.Add("grants", "client_credentials needs a confidential client (type web)");
        if (a.Grants.Contains(GrantType.AuthorizationCode) && a.RedirectUris.Count == 0)
            errors.Add("redirect_uris", "at least one is required for the authorization_code grant");

        ValidateUris("redirect_uris", a.RedirectUris, a.Type, errors);
        ValidateUris("post_logout_redirect_uris", a.PostLogoutRedirectUris, a.Type, errors);

        ValidateApiAccess(a, errors);
        ValidateBranding(a.Branding, errors);

        if (!SigningAlgorithm.All.Contains(a.SigningAlgorithm, StringComparer.Ordinal))
            errors.Add("signing_algorithm", "must be ES256 or RS256");
        CheckLifetime("lifetimes.access_token_seconds", a.Lifetimes.AccessTokenSeconds, errors);
        CheckLifetime("lifetimes.id_token_seconds", a.Lifetimes.IdTokenSeconds, errors);
        CheckLifetime("lifetimes.refresh_token_seconds", a.Lifetimes.RefreshTokenSeconds, errors);
        if (a.Lifetimes.RefreshTokenAbsoluteSeconds is { } absolute)
            CheckLifetime("lifetimes.refresh_token_absolute_seconds", absolute, errors);
    }

    private static void ValidateApiAccess(Application a, ValidationErrors errors)
    {
        if ((a.ApiScopes.Count > 0 || a.Resources.Count > 0) && !a.Grants.Contains(GrantType.ClientCredentials))
            errors.Add("api_scopes", "api_scopes and resources are for the client_credentials grant; add it to grants");
        if (a.ApiScopes.Count > MaxApiScopes)
            errors.Add("api_scopes", $"at most {MaxApiScopes} are allowed");
        foreach (var scope in a.ApiScopes)
        {
            if (!ApiScopePattern().IsMatch(scope ?? ""))
                errors.Add("api_scopes", $"'{Truncate(scope)}' must be 1 to 128 characters: letters, digits, '.', '_', ':', '/' or '-'");
            else if (UserScopes.Contains(scope, StringComparer.Ordinal))
                errors.Add("api_scopes", $"'{scope}' is about a person; client_credentials acts for no person");
        }
        if (a.Resources.Count > MaxRedirectUris)
            errors.Add("resources", $"at most {MaxRedirectUris} are allowed");
        foreach (var raw in a.Resources)
        {
            // RFC 8707 §2: an absolute URI without a fragment.
            if (string.IsNullOrEmpty(raw) || raw.Length > RedirectUriMaxLength || !Uri.TryCreate(raw, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("https" or "http") || raw.Contains('#', StringComparison.Ordinal) || uri.UserInfo.Length > 0)
                errors.Add("resources", $"'{Truncate(raw)}' must be an absolute http(s) URI without a fragment or user info");
        }
    }

    private static void ValidateBranding(Branding b, ValidationErrors errors)
    {
        if (b.LogoUri is { } logo && LogoProblem(logo) is { } problem)
            errors.Add("branding.logo_uri", problem);
        if (b.PrimaryColor is { } color && !ColorPattern().IsMatch(color))
            errors.Add("branding.primary_color", $"'{Truncate(color)}' must be a colour in the form #RRGGBB, e.g. #1677ff");
    }

    // A logo is an https URL (the pages are served over https in production, and a browser blocks an
    // http image there) or a small data: image.
    private static string? LogoProblem(string logo)
    {
        if (logo.StartsWith("data:", StringComparison.Ordinal))
        {
            if (logo.Length > LogoDataMaxLength)
                return $"is a data: URI of {logo.Length} characters; at most {LogoDataMaxLength} are allowed (or host the image and give its https URL)";
            return LogoDataPattern().IsMatch(logo) ? null : "must be data:image/png, jpeg, gif, webp or svg+xml with ;base64, and base64 data";
        }
        if (logo.Length > RedirectUriMaxLength || !Uri.TryCreate(logo, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps
            || logo.Any(c => c is <= ' ' or > '~') || uri.UserInfo.Length > 0)
            return $"'{Truncate(logo)}' must be an https URL of plain ASCII of at most {RedirectUriMaxLength} characters, without user info, or a data:image/…;base64 URI";
        return null;
    }

    private static void CheckLifetime(string field, int seconds, ValidationErrors errors)
    {
        if (seconds is < 60 or > MaxLifetimeSeconds)
            errors.Add(field, $"must be between 60 and {MaxLifetimeSeconds} seconds");
    }

    private static void ValidateUris(string field, IReadOnlyList<string> uris, string type, ValidationErrors errors)
    {
        if (uris.Count > MaxRedirectUris)
            errors.Add(field, $"at most {MaxRedirectUris} are allowed");
        if (uris.Distinct(StringComparer.Ordinal).Count() != uris.Count)
            errors.Add(field, "must not repeat a URI");
        foreach (var raw in uris)
        {
            if (RedirectUriProblem(raw, type) is { } problem)
                errors.Add(field, $"'{Truncate(raw)}' {problem}");
        }
    }

    // Why a redirect URI is unsafe for an application of this type, or null. RFC 9700 §2.1 and §4.1:
    // exact absolute URIs without fragments, wildcards or userinfo, plain ASCII (they travel in the
    // Location header). Web and SPA applications use https, or http on a loopback host for development.
    // Native applications (RFC 8252 §7) use one of: a private-use scheme in reverse-domain form (a dot
    // in the scheme, §7.1, e.g. com.example.app:/callback), http on a loopback IP literal (127.0.0.1 or
    // [::1], §7.3; not "localhost", which §8.3 advises against since it may resolve elsewhere), or an
    // https URL the app claims (§7.2). javascript:, data:, file:, vbscript: and the like have no dot,
    // so they are never accepted.
    public static string? RedirectUriProblem(string? raw, string type)
    {
        if (string.IsNullOrEmpty(raw) || raw.Length > RedirectUriMaxLength || !Uri.TryCreate(raw, UriKind.Absolute, out var uri))
            return $"is not an absolute URI of at most {RedirectUriMaxLength} characters";
        if (raw.Any(c => c is <= ' ' or > '~'))
            return "must be plain ASCII without spaces: percent-encode other characters";
        if (uri.Fragment.Length > 0 || raw.Contains('#', StringComparison.Ordinal))
            return "must not contain a fragment";
        if (raw.Contains('*', StringComparison.Ordinal))
            return "must not contain wildcards: redirect URIs match exactly";
        if (uri.UserInfo.Length > 0 || Authority(raw, uri).Contains('@', StringComparison.Ordinal))
            return "must not contain userinfo (user:password@)";
        var native = type == ApplicationType.Native;
        if (uri.Scheme == Uri.UriSchemeHttps)
            return null;
        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            if (native)
                return IsLoopbackLiteral(uri) ? null : "must use http only on a loopback IP literal, http://127.0.0.1 or http://[::1] (RFC 8252 §7.3, §8.3: not localhost), or https, or a private-use scheme such as com.example.app:/callback";
            return uri.IsLoopback ? null : "must use https (plain http only for localhost, 127.0.0.1 or [::1])";
        }
        if (!native)
            return "must use https; custom schemes are for native applications";
        return ReverseDomainScheme().IsMatch(uri.Scheme)
            ? null
            : "must use a private-use scheme in reverse-domain form, e.g. com.example.app:/callback (RFC 8252 §7.1), https, or http on 127.0.0.1 or [::1]";
    }

    // RFC 8252 §7.3: a native app's loopback redirect may use any port at authorization time, since the
    // app opens whichever port is free; everything else must match a registered URI exactly.
    public static bool IsRegisteredRedirect(Application a, string? requested)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (requested is null || RedirectUriProblem(requested, a.Type) is not null)
            return false;
        if (a.RedirectUris.Contains(requested, StringComparer.Ordinal))
            return true;
        if (a.Type != ApplicationType.Native || !Uri.TryCreate(requested, UriKind.Absolute, out var asked) || asked.Scheme != Uri.UriSchemeHttp || !IsLoopbackLiteral(asked))
            return false;
        var portless = WithoutPort(requested, asked);
        return a.RedirectUris.Any(r => Uri.TryCreate(r, UriKind.Absolute, out var registered) && registered.Scheme == Uri.UriSchemeHttp
            && IsLoopbackLiteral(registered) && WithoutPort(r, registered) == portless);
    }

    // The raw text between "scheme://" and the path, query or end ("" without an authority).
    private static string Authority(string raw, Uri uri)
    {
        var rest = raw[(uri.Scheme.Length + 1)..];
        if (!rest.StartsWith("//", StringComparison.Ordinal))
            return "";
        var end = rest.IndexOfAny(['/', '?'], 2);
        return end < 0 ? rest[2..] : rest[2..end];
    }

    // The raw URI with its authority reduced to the host, so only the port may differ.
    private static string WithoutPort(string raw, Uri uri)
    {
        var authority = Authority(raw, uri);
        return uri.Host + raw[(uri.Scheme.Length + 3 + authority.Length)..];
    }

    private static bool IsLoopbackLiteral(Uri uri) => uri.Host is "127.0.0.1" or "[::1]";

    [GeneratedRegex("^[a-z][a-z0-9+\\-]*(\\.[a-z0-9+\\-]+)+$")]
    private static partial Regex ReverseDomainScheme();

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 80 ? s : s[..80] + "…";
}
