using System.Text.RegularExpressions;
using WeGate.Core.Validation;

namespace WeGate.Core.Applications;

public static partial class ApplicationRules
{
    public const int DisplayNameMaxLength = 100;
    public const int MaxRedirectUris = 20;
    public const int RedirectUriMaxLength = 2000;
    public const int MaxLifetimeSeconds = 365 * 24 * 3600;

    [GeneratedRegex("^[A-Za-z0-9._\\-]{1,64}$")]
    private static partial Regex ClientIdPattern();

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

        if (!SigningAlgorithm.All.Contains(a.SigningAlgorithm, StringComparer.Ordinal))
            errors.Add("signing_algorithm", "must be ES256 or RS256");
        CheckLifetime("lifetimes.access_token_seconds", a.Lifetimes.AccessTokenSeconds, errors);
        CheckLifetime("lifetimes.id_token_seconds", a.Lifetimes.IdTokenSeconds, errors);
        CheckLifetime("lifetimes.refresh_token_seconds", a.Lifetimes.RefreshTokenSeconds, errors);
        if (a.Lifetimes.RefreshTokenAbsoluteSeconds is { } absolute)
            CheckLifetime("lifetimes.refresh_token_absolute_seconds", absolute, errors);
    }

    private static void CheckLifetime(string field, int seconds, ValidationErrors errors)
    {
        if (seconds is < 60 or > MaxLifetimeSeconds)
            errors.Add(field, $"must be between 60 and {MaxLifetimeSeconds} seconds");
    }

    // RFC 9700 §2.1: redirect URIs are compared exactly, so they must be exact, absolute URIs without
    // fragments; plain http only for loopback (RFC 8252 §7.3); custom schemes only for native apps.
    private static void ValidateUris(string field, IReadOnlyList<string> uris, string type, ValidationErrors errors)
    {
        if (uris.Count > MaxRedirectUris)
            errors.Add(field, $"at most {MaxRedirectUris} are allowed");
        if (uris.Distinct(StringComparer.Ordinal).Count() != uris.Count)
            errors.Add(field, "must not repeat a URI");
        foreach (var raw in uris)
        {
            if (string.IsNullOrEmpty(raw) || raw.Length > RedirectUriMaxLength || !Uri.TryCreate(raw, UriKind.Absolute, out var uri))
            {
                errors.Add(field, $"'{Truncate(raw)}' is not an absolute URI of at most {RedirectUriMaxLength} characters");
                continue;
            }
            if (uri.Fragment.Length > 0 || raw.Contains('#', StringComparison.Ordinal))
                errors.Add(field, $"'{raw}' must not contain a fragment");
            else if (raw.Contains('*', StringComparison.Ordinal))
                errors.Add(field, $"'{raw}' must not contain wildcards: redirect URIs match exactly");
            else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
                errors.Add(field, $"'{raw}' must use https (plain http only for localhost/127.0.0.1)");
            else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && type != ApplicationType.Native)
                errors.Add(field, $"'{raw}' must use https; custom schemes are for native applications");
        }
    }

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 80 ? s : s[..80] + "…";
}
