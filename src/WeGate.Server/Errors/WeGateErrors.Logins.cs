namespace WeGate.Server.Errors;

// The WeChat logins: token exchange (RFC 8693) for the mini program, the mobile app and the app-launched
// mini program (docs/oidc.md#wechat-logins-by-token-exchange), the hosted pages, and what WeChat answered.
public static partial class WeGateErrors
{
    public static readonly ErrorEntry SubjectTokenMissing = new(4001, "invalid_request", "subject_token and subject_token_type are required (RFC 8693 §2.1)");
    public static readonly ErrorEntry SubjectTokenTypeNotSupported = new(4002, "invalid_request", "subject_token_type is not supported; the description lists the types this application's connections accept");
    public static readonly ErrorEntry ExchangeChallengeMalformed = new(4003, "invalid_request", "code_challenge must be the 43-character base64url SHA-256 of a code_verifier, with code_challenge_method=S256");
    public static readonly ErrorEntry NoConnection = new(4004, "invalid_request", "This application has no enabled connection of this login type (or none with the connection named)");
    public static readonly ErrorEntry SeveralConnections = new(4005, "invalid_request", "This application has several connections of this login type; name one with the connection parameter");
    public static readonly ErrorEntry SubjectTokenTooLong = new(4006, "invalid_request", "subject_token is longer than a WeChat code can be");
    public static readonly ErrorEntry MiniProgramCodeMissing = new(4007, "invalid_request", "The wx.login code is required and, like the phone code, at most 128 characters");
    public static readonly ErrorEntry EncryptedDataIncomplete = new(4008, "invalid_request", "encrypted_data and iv go together (the legacy getPhoneNumber result) and are at most 4096 and 64 characters");
    public static readonly ErrorEntry EncryptedDataUnreadable = new(4009, "invalid_grant", "encrypted_data could not be decrypted with this login's session; call wx.login and getPhoneNumber again");
    public static readonly ErrorEntry TicketSecretMissing = new(4010, "invalid_request", "ticket_secret is required: the secret returned when the ticket was created");
    public static readonly ErrorEntry TicketUnknown = new(4011, "invalid_grant", "Unknown ticket, or the ticket_secret does not match");
    public static readonly ErrorEntry TicketRedeemed = new(4012, "invalid_grant", "The ticket was already redeemed");
    public static readonly ErrorEntry TicketRefused = new(4013, "access_denied", "The sign-in was refused; the description says why");
    public static readonly ErrorEntry TicketPending = new(4014, "authorization_pending", "The mini program has not signed in yet; try again in a moment");
    public static readonly ErrorEntry TicketEnded = new(4015, "invalid_grant", "The ticket was already redeemed, expired or was cancelled; start again from the app");
    public static readonly ErrorEntry TicketAccountGone = new(4016, "invalid_grant", "The ticket's account no longer exists");
    public static readonly ErrorEntry LoginRefused = new(4017, "access_denied", "WeGate refused this sign-in (blocked account, login-only connection, snapshot user…); the description says what the person can do");
    public static readonly ErrorEntry AccountStepNeeded = new(4018, "interaction_required", "The WeChat user must choose or link an account in a browser: open the authorization request with the auth_session of this answer and the exchange's code_challenge (docs/oidc.md#when-the-person-must-choose)");
    public static readonly ErrorEntry AccountStepNeedsChallenge = new(4019, "interaction_required", "The WeChat user must choose or link an account in a browser; send code_challenge (S256) with the token exchange to get an auth_session (docs/oidc.md#when-the-person-must-choose)");
    public static readonly ErrorEntry AppTicketClientNotAllowed = new(4020, "invalid_client", "Send the client_id of an enabled application that is allowed the token-exchange grant", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry AppTicketNotWaiting = new(4021, "invalid_grant", "The ticket is unknown or no longer waiting for the mini program; start again from the app");
    public static readonly ErrorEntry AppTicketConnectionGone = new(4022, "invalid_grant", "The ticket's connection no longer exists");
    public static readonly ErrorEntry AppTicketSettledMeanwhile = new(4023, "invalid_grant", "The ticket was settled by another request or expired meanwhile");

    public static readonly ErrorEntry FormForged = new(5001, "invalid_request", "The form's anti-forgery token is missing or wrong; reload the page and try again");
    public static readonly ErrorEntry ChoiceNotOffered = new(5002, "invalid_request", "That choice is not offered on this page");
    public static readonly ErrorEntry SignInEnded = new(5003, "invalid_request", "This sign-in was already used or has expired; reload the page to start again");
    public static readonly ErrorEntry SignInRefused = new(5004, "access_denied", "WeGate refused this sign-in; the page says what the person can do", StatusCodes.Status403Forbidden);
    public static readonly ErrorEntry WeChatCodeTooLong = new(5005, "invalid_request", "The code WeChat sent back is longer than a WeChat code can be");
    public static readonly ErrorEntry SceneMissing = new(5006, "invalid_request", "scene is required: the scene the mini program was opened with (decodeURIComponent(query.scene) in onLoad), at most 32 characters");
    public static readonly ErrorEntry SceneUnknown = new(5007, "invalid_grant", "Unknown code: this scene is not a sign-in waiting on this site. Scan the code on the computer again.");
    public static readonly ErrorEntry SceneExpired = new(5008, "invalid_grant", "This code has expired. Reload the login page on the computer and scan the new code.");
    public static readonly ErrorEntry SceneUsed = new(5009, "invalid_grant", "This code was already used to sign in. To sign in again, reload the login page on the computer and scan the new code.");
    public static readonly ErrorEntry SceneEnded = new(5010, "invalid_grant", "This sign-in has ended. Reload the login page on the computer and scan the new code.");
    public static readonly ErrorEntry SceneConnectionOff = new(5011, "invalid_grant", "Signing in with this mini program has been switched off. Sign in another way on the computer.");
    public static readonly ErrorEntry ScenePageGone = new(5012, "invalid_grant", "The login page on the computer is no longer waiting: it signed in another way or timed out. Reload it and scan the new code.");
    public static readonly ErrorEntry SceneOfAnotherMiniProgram = new(5013, "invalid_request", "This code belongs to another mini program; confirm it with the mini program the connection names");
    public static readonly ErrorEntry PhoneCodeTwice = new(5014, "invalid_request", "Send the phone code once, as phone_code");
    public static readonly ErrorEntry SceneTakenMeanwhile = new(5015, "invalid_grant", "This code was used by another sign-in, or expired, a moment ago. Reload the login page on the computer and scan the new code.");

    public static readonly ErrorEntry BearerTokenMissing = new(6001, "invalid_token", "Send the access token as 'Authorization: Bearer <token>' (RFC 6750 §2.1)", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry AccessTokenInvalid = new(6002, "invalid_token", "The access token is not valid (bad signature, expired, another issuer or type); the description says which", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry AccessTokenRevoked = new(6003, "invalid_token", "The access token was revoked, or was not issued for a user", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry AccessTokenApplicationGone = new(6004, "invalid_token", "The application of this access token is disabled or deleted", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry AccessTokenUserGone = new(6005, "invalid_token", "The user no longer exists or is blocked", StatusCodes.Status401Unauthorized);
    public static readonly ErrorEntry IntrospectedTokenMissing = new(6006, "invalid_request", "token is required");
    public static readonly ErrorEntry TokenTypeHintNotSupported = new(6007, "unsupported_token_type", "token_type_hint may be access_token or refresh_token");
    public static readonly ErrorEntry LogoutClientMismatch = new(6008, "invalid_request", "client_id differs from the audience of id_token_hint");
    public static readonly ErrorEntry LogoutRedirectNeedsClient = new(6009, "invalid_request", "post_logout_redirect_uri needs client_id or a valid id_token_hint naming the application");
    public static readonly ErrorEntry LogoutRedirectNotRegistered = new(6010, "invalid_request", "post_logout_redirect_uri is not one of the application's registered post-logout redirect URIs (they must match exactly)");

    public static readonly ErrorEntry WeChatRefusedCode = new(7001, "invalid_grant", "WeChat refused the person's code or authorization (unknown, used, expired, blocked or unauthorized); the description has WeChat's errcode and what to tell the person");
    public static readonly ErrorEntry WeChatUnavailable = new(7002, "temporarily_unavailable", "WeChat is busy, over a quota for the moment, or did not answer in time; try again in a moment", StatusCodes.Status503ServiceUnavailable);
    public static readonly ErrorEntry WeChatRefusedConfiguration = new(7003, "server_error", "WeChat refused WeGate's configuration of this connection (AppSecret, IP whitelist, permissions); the operator finds the errcode and its fix in the log (docs/wechat-errors.md)", StatusCodes.Status500InternalServerError);

    public static readonly ErrorEntry ConnectionHasNoSecret = new(8001, "server_error", "The connection has no AppSecret; an administrator must set it", StatusCodes.Status500InternalServerError);

    public static readonly ErrorEntry UnknownPool = new(9001, "invalid_request", "There is no pool with this name; check the pool in the URL", StatusCodes.Status404NotFound);
    public static readonly ErrorEntry ParameterRepeated = new(9002, "invalid_request", "A parameter is repeated; send each parameter once (RFC 6749 §3.1, §3.2)");
    public static readonly ErrorEntry BodyTooLarge = new(9003, "invalid_request", "The request body is larger than this endpoint accepts; send less data.", StatusCodes.Status413PayloadTooLarge);
    public static readonly ErrorEntry BodyUnreadable = new(9004, "invalid_request", "The form body cannot be read; send a well-formed application/x-www-form-urlencoded body of at most 1024 fields.");
    public static readonly ErrorEntry BodyNotForm = new(9005, "invalid_request", "This endpoint takes a form: send the body as application/x-www-form-urlencoded.", StatusCodes.Status415UnsupportedMediaType);
}
