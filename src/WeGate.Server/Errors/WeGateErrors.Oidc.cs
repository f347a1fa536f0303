namespace WeGate.Server.Errors;

// The authorization endpoint (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6), the token endpoint and client
// authentication (RFC 6749 §2.3, §5.2), and the grants (RFC 6749 §4.1.3, §6, RFC 7636, RFC 8707).
public static partial class WeGateErrors
{
    public static readonly ErrorEntry ClientIdMissing = new(1001, "invalid_request", "client_id is missing; send the client_id of an application registered in this pool");
    public static readonly ErrorEntry UnknownApplication = new(1002, "invalid_request", "There is no enabled application with this client_id in this pool; check the client_id and that the application is enabled");
    public static readonly ErrorEntry RedirectUriMissing = new(1003, "invalid_request", "redirect_uri is missing; send one of the application's registered redirect URIs");
    public static readonly ErrorEntry RedirectUriNotRegistered = new(1004, "invalid_request", "redirect_uri is not one of the application's registered redirect URIs (they must match exactly; a native app's http://127.0.0.1 or http://[::1] redirect may differ only in its port)");
    public static readonly ErrorEntry AuthorizeParameterTooLong = new(1005, "invalid_request", "A parameter of the authorization request is longer than WeGate accepts (the description names it and the limit)");
    public static readonly ErrorEntry RequestObjectNotSupported = new(1006, "request_not_supported", "Request objects are not supported; send the parameters in the query");
    public static readonly ErrorEntry ResponseTypeNotSupported = new(1007, "unsupported_response_type", "response_type must be code: WeGate has no implicit or hybrid flow (RFC 9700 §2.1.2)");
    public static readonly ErrorEntry ResponseModeNotSupported = new(1008, "invalid_request", "response_mode is not supported: only query");
    public static readonly ErrorEntry AuthorizationCodeNotAllowed = new(1009, "unauthorized_client", "This application is not allowed the authorization_code grant; an administrator can add it to the application's grants");
    public static readonly ErrorEntry UnknownScope = new(1010, "invalid_scope", "A scope is not supported; the description lists the supported scopes");
    public static readonly ErrorEntry ScopeMissing = new(1011, "invalid_scope", "scope is required; an OpenID Connect request includes openid");
    public static readonly ErrorEntry ChallengeMethodWithoutChallenge = new(1012, "invalid_request", "code_challenge_method was sent without code_challenge");
    public static readonly ErrorEntry ChallengeMethodNotS256 = new(1013, "invalid_request", "code_challenge_method must be S256; plain (the default) would expose the verifier (RFC 9700 §2.1.1)");
    public static readonly ErrorEntry ChallengeMalformed = new(1014, "invalid_request", "code_challenge must be the 43-character base64url SHA-256 of the code_verifier");
    public static readonly ErrorEntry PkceRequired = new(1015, "invalid_request", "PKCE is required for public clients: send code_challenge and code_challenge_method=S256 (RFC 9700 §2.1.1)");
    public static readonly ErrorEntry PromptUnknown = new(1016, "invalid_request", "prompt may only contain: none, login, consent, select_account");
    public static readonly ErrorEntry PromptNoneCombined = new(1017, "invalid_request", "prompt=none cannot be combined with other values (OIDC Core §3.1.2.1)");
    public static readonly ErrorEntry MaxAgeMalformed = new(1018, "invalid_request", "max_age must be a whole number of seconds");
    public static readonly ErrorEntry ConsentNotAsked = new(1019, "consent_required", "WeGate does not ask for consent: applications are registered by the administrator and trusted. Send the request without prompt=consent");
    public static readonly ErrorEntry LoginRequired = new(1020, "login_required", "There is no signed-in session (or it is older than max_age); retry without prompt=none");
    public static readonly ErrorEntry HandOffNeedsPerson = new(1021, "interaction_required", "auth_session needs the person on the account page; send the request without prompt=none");
    public static readonly ErrorEntry HandOffUnknown = new(1022, "invalid_request", "auth_session is unknown, used, expired or was issued to another application; exchange a new WeChat code to get a fresh one");
    public static readonly ErrorEntry HandOffChallengeMismatch = new(1023, "invalid_request", "auth_session must be continued with the code_challenge that was sent with its token exchange; exchange a new WeChat code to get a fresh one");
    public static readonly ErrorEntry RequestUriInvalid = new(1024, "invalid_request_uri", "request_uri is unknown, expired, already used or was pushed by another client; push the authorization request again (RFC 9126 §4: a request_uri works once, within expires_in)");
    public static readonly ErrorEntry PushedRequestUri = new(1025, "invalid_request", "request_uri cannot be pushed: push the authorization parameters themselves (RFC 9126 §2.1)");
    public static readonly ErrorEntry EmbedNotPushed = new(1026, "invalid_request", "embed is accepted only in a pushed authorization request: POST the parameters to the pushed_authorization_request_endpoint (RFC 9126), then open the authorization endpoint with its request_uri");
    public static readonly ErrorEntry EmbedUnknown = new(1027, "invalid_request", "embed may only be qr: the embedded QR login");
    public static readonly ErrorEntry EmbedRedirectUriNotWeb = new(1028, "invalid_request", "The embedded QR login needs an http or https redirect URI: the page that embeds the QR reads the code there, on its own origin");
    public static readonly ErrorEntry ConnectionNotOffered = new(1029, "invalid_request", "connection is not one of the application's connections; send the slug of one of them, or leave connection out for the login page");
    public static readonly ErrorEntry PushedRequestNotForm = new(1030, "invalid_request", "Push the authorization request as application/x-www-form-urlencoded (RFC 9126 §2.1)");

    public static readonly ErrorEntry TokenRequestNotForm = new(2001, "invalid_request", "Send the request as application/x-www-form-urlencoded (RFC 6749 §4.1.3)");
    public static readonly ErrorEntry ClientAuthenticatedTwice = new(2002, "invalid_request", "Authenticate the client one way: either HTTP Basic or client_secret in the body, not both (RFC 6749 §2.3)");
    public static readonly ErrorEntry BasicHeaderMalformed = new(2003, "invalid_client", "The Authorization header is not valid HTTP Basic: base64 of form-urlencoded client_id:client_secret", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry ClientIdMismatch = new(2004, "invalid_request", "client_id in the body differs from the one in the Authorization header");
    public static readonly ErrorEntry ClientNotIdentified = new(2005, "invalid_client", "Identify the client: send client_id (and, for a confidential client, its secret)", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry UnknownClient = new(2006, "invalid_client", "Unknown or disabled client", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry ClientSecretRequired = new(2007, "invalid_client", "This is a confidential client: authenticate with client_secret_basic or client_secret_post", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry ClientAuthenticationFailed = new(2008, "invalid_client", "Client authentication failed", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry PublicClientSentSecret = new(2009, "invalid_client", "This is a public client: it has no secret; send only client_id and prove possession with PKCE", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry TokenRateLimited = new(2010, "slow_down", "This client is over its token request limit; retry after the number of seconds in Retry-After", StatusCodes.Status429TooManyRequests);
    public static readonly ErrorEntry GrantTypeMissing = new(2011, "invalid_request", "grant_type is required");
    public static readonly ErrorEntry GrantTypeNotSupported = new(2012, "unsupported_grant_type", "grant_type is not supported; the description lists the supported ones");
    public static readonly ErrorEntry GrantTypeNotAllowed = new(2013, "unauthorized_client", "This application is not allowed this grant; an administrator can add it to the application's grants");
    public static readonly ErrorEntry IntrospectionNeedsSecret = new(2014, "invalid_client", "Introspection is for confidential clients (resource servers) that authenticate with a secret", StatusCodes.Status401Unauthorized);

    public static readonly ErrorEntry CodeMissing = new(3001, "invalid_request", "code is required");
    public static readonly ErrorEntry CodeReused = new(3002, "invalid_grant", "The authorization code was already used; the tokens issued for it are now revoked");
    public static readonly ErrorEntry CodeUnknown = new(3003, "invalid_grant", "The authorization code is unknown or expired");
    public static readonly ErrorEntry CodeOfAnotherClient = new(3004, "invalid_grant", "The authorization code was issued to another client");
    public static readonly ErrorEntry RedirectUriMismatch = new(3005, "invalid_grant", "redirect_uri must be the one sent to the authorization endpoint");
    public static readonly ErrorEntry CodeUserGone = new(3006, "invalid_grant", "The user of this code no longer exists or is blocked");
    public static readonly ErrorEntry VerifierWithoutChallenge = new(3007, "invalid_grant", "code_verifier was sent, but the authorization request had no code_challenge");
    public static readonly ErrorEntry VerifierMalformed = new(3008, "invalid_grant", "code_verifier is missing or malformed: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~]");
    public static readonly ErrorEntry VerifierMismatch = new(3009, "invalid_grant", "code_verifier does not match the code_challenge");
    public static readonly ErrorEntry RefreshTokenMissing = new(3010, "invalid_request", "refresh_token is required");
    public static readonly ErrorEntry RefreshTokenOfAnotherClient = new(3011, "invalid_grant", "The refresh token was issued to another client");
    public static readonly ErrorEntry GrantRevoked = new(3012, "invalid_grant", "The grant was revoked or the user is blocked");
    public static readonly ErrorEntry RefreshLifetimeReached = new(3013, "invalid_grant", "This sign-in reached the absolute lifetime of its refresh tokens; sign in again");
    public static readonly ErrorEntry RefreshScopeWidened = new(3014, "invalid_scope", "A refresh can only narrow the scope that was granted (RFC 6749 §6); this refresh token still works with a scope within it");
    public static readonly ErrorEntry RefreshTokenReused = new(3015, "invalid_grant", "This refresh token was already used; for safety every token of this grant is now revoked. Sign in again");
    public static readonly ErrorEntry RefreshTokenUnknown = new(3016, "invalid_grant", "The refresh token is unknown, expired or revoked");
    public static readonly ErrorEntry ClientCredentialsNeedsSecret = new(3017, "unauthorized_client", "client_credentials needs a confidential client");
    public static readonly ErrorEntry ClientCredentialsUserScope = new(3018, "invalid_scope", "client_credentials acts for no user, so it cannot have openid, profile, email, phone or offline_access");
    public static readonly ErrorEntry ApiScopeNotAllowed = new(3019, "invalid_scope", "This application may not ask for a scope outside its api_scopes; the description lists them");
    public static readonly ErrorEntry TooManyResources = new(3020, "invalid_target", "Too many resource values; the description says how many are accepted");
    public static readonly ErrorEntry ResourceMalformed = new(3021, "invalid_target", "resource must be an absolute URI without a fragment (RFC 8707 §2)");
    public static readonly ErrorEntry ResourceNotAllowed = new(3022, "invalid_target", "This application may not ask for a token for this resource; the description lists its resources");
    public static readonly ErrorEntry CodeFromOlderVersion = new(3023, "invalid_grant", "This code was issued before an upgrade of WeGate and can no longer be redeemed; sign in with WeChat again");
    public static readonly ErrorEntry CodeConnectionGone = new(3024, "invalid_grant", "The connection of this sign-in is gone or disabled");
    public static readonly ErrorEntry CodeAccountsChanged = new(3025, "invalid_grant", "The accounts of this WeChat user changed meanwhile; sign in with WeChat again");
    public static readonly ErrorEntry CodeAccountStepRefused = new(3026, "invalid_grant", "The account step of this code was refused when the code was redeemed; the description says why");
}
