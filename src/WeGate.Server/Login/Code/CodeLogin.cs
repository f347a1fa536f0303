using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using WeGate.Core.Accounts;
using WeGate.Core.Audit;
using WeGate.Core.OneTimeCodes;
using WeGate.Core.Users;
using WeGate.Server.Api;
using WeGate.Server.Errors;
using WeGate.Server.Interaction;
using WeGate.Server.Interaction.Accounts;
using WeGate.Server.Pages;

namespace WeGate.Server.Login.Code;

// Signing in with a one-time code sent by SMS or email to the phone number or address of an account
// (docs/logins.md#the-login-page). Two steps on the same tab: the phone or address, then the code. Like
// ask to bind it never tells who has an account (CodeProof; docs/security.md#one-time-codes). Offered
// when WeGate can send a code on at least one channel; it signs in existing accounts only.
internal sealed class CodeLogin(IAntiforgery antiforgery, ICodeDispatcher dispatcher) : ILoginMethod
{
    public const string MethodId = "code";

    private const int CodeLength = OneTimeCodeService.CodeLength;

    public string Id => MethodId;

    public bool Offered => dispatcher.Unavailable(CodeChannel.Sms) is null || dispatcher.Unavailable(CodeChannel.Email) is null;

    // What the recipient field asks for, by the channels that can send: a phone number, an address, or either.
    private static string Asks(ICodeDispatcher dispatcher) => (dispatcher.Unavailable(CodeChannel.Sms), dispatcher.Unavailable(CodeChannel.Email)) switch
    {
        (null, null) => "either",
        (null, _) => "phone",
        _ => "email",
    };

    public string Render(ParkedRequest parked, HttpContext http, Texts texts, LoginPageInput input)
    {
        ArgumentNullException.ThrowIfNull(parked);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(input);
        var t = texts.Section("code");
        var tokens = antiforgery.GetAndStoreTokens(http);
        var ours = input.Method == MethodId;
        var recipient = ours ? input.Login : null;
        var action = $"/pools/{Page.Encode(parked.Pool)}/login/code";
        var common = $"""
            ?{LoginPageUrls.Language}={Page.Encode(texts.Language)}"><input type="hidden" name="request" value="{Page.Encode(parked.Id)}">
            <input type="hidden" name="{Page.Encode(tokens.FormFieldName)}" value="{Page.Encode(tokens.RequestToken)}">
            """;
        var asks = Asks(dispatcher);
        var autocomplete = asks switch { "phone" => "tel", "email" => "email", _ => "username" };
        var html = $"""
            <form method="post" action="{action}/send{common}
            <label for="code-recipient">{Page.Encode(t["recipient_" + asks])}</label>
            <div class="code-row"><input id="code-recipient" name="recipient" autocomplete="{autocomplete}" value="{Page.Encode(recipient)}" required maxlength="128">
            <button type="submit">{Page.Encode(t[ours && input.CodeSent ? "resend" : "send"])}</button></div>
            </form>
            """;
        if (!(ours && input.CodeSent))
            return html;
        return html + $$"""
            <form method="post" action="{{action}}{{common}}
            <input type="hidden" name="recipient" value="{{Page.Encode(recipient)}}">
            <label for="code-value">{{Page.Encode(t["code"])}}</label>
            <input id="code-value" name="code" autofocus inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{{{CodeLength}}}" required maxlength="{{CodeLength}}">
            <button type="submit">{{Page.Encode(texts["submit"])}}</button>
            </form>
            """;
    }

    public static void Map(RouteGroupBuilder pool)
    {
        pool.MapPost("/login/code/send", SendAsync).RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);
        pool.MapPost("/login/code", SignInAsync).RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);
    }

    internal sealed record Services(LoginPage Page, CodeProof Proof, ICodeDispatcher Dispatcher);

    // The request and what was typed, or the answer when there is no going on (expired, forged).
    private sealed record Posted(ParkedRequest Request, Texts Texts, string Input, CodeChannel Channel, string? Recipient, IFormCollection Form);

    private static async Task<(Posted?, IResult?)> ReadAsync(string pool, HttpContext http, Services services, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var request = await services.Page.LoadAsync(pool, form["request"].ToString(), ct);
        if (request is null)
            return (null, LoginPage.Expired(http));
        var texts = request.Texts(http.Request);
        if (await Page.IsForgedAsync(http))
            return (null, Page.Error(http, texts, WeGateErrors.FormForged.Error()));
        var input = form["recipient"].ToString().Trim();
        var (channel, recipient) = CodeProof.Parse(input);
        return (new Posted(request, texts, input, channel, recipient, form), null);
    }

    private static async Task<IResult> SendAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct)
    {
        var (posted, done) = await ReadAsync(pool, http, services, ct);
        if (posted is null)
            return done!;
        var t = posted.Texts.Section("account");
        Task<IResult> Show(string? error, string? notice = null, bool sent = false) =>
            services.Page.RenderAsync(http, posted.Request, new LoginPageInput(posted.Input, error, Method: MethodId, Notice: notice, CodeSent: sent), ct);
        if (posted.Recipient is null || services.Dispatcher.Unavailable(posted.Channel) is not null)
            return await Show(posted.Texts.Section("code")["bad_recipient_" + Asks(services.Dispatcher)]);
        var (ok, retryAfter, locked) = await services.Proof.SendAsync(pool, posted.Channel, posted.Recipient, CodeProof.SignIn, AuditEvents.Ip(http), ct);
        if (ok)
            return await Show(null, string.Format(CultureInfo.InvariantCulture, t["sent"], posted.Input), sent: true);
        return await Show(locked ? CodeProof.LockedMessage(t, retryAfter) : string.Format(CultureInfo.InvariantCulture, t["retry_in"], (int)(retryAfter?.TotalSeconds ?? 60)));
    }

    private static async Task<IResult> SignInAsync(string pool, HttpContext http, [AsParameters] Services services, IUserStore users, Interactions interactions,
        IAuditLog audit, CancellationToken ct)
    {
        var (posted, done) = await ReadAsync(pool, http, services, ct);
        if (posted is null)
            return done!;
        var t = posted.Texts.Section("account");
        Task<IResult> Again(string error, int status) =>
            services.Page.RenderAsync(http, posted.Request, new LoginPageInput(posted.Input, error, status, MethodId, CodeSent: true), ct);
        var how = posted.Channel == CodeChannel.Sms ? "sms code" : "email code";
        Task Audit(string type, string outcome, string? userId, string reason) =>
            audit.WriteAsync(AuditEvents.From(http, pool, type, outcome) with
            {
                UserId = userId, ClientId = posted.Request.ClientId, Actor = posted.Channel == CodeChannel.Sms ? "sms" : "email", Reason = reason,
            }, http.RequestAborted);

        var (user, lockedFor) = posted.Recipient is null ? (null, null)
            : await services.Proof.VerifyAsync(pool, posted.Channel, posted.Recipient, CodeProof.SignIn, posted.Form["code"].ToString().Trim(), ct);
        if (user is null)
        {
            await Audit(LoginEventType.Failed, AuditOutcome.Failure, null, lockedFor is null ? $"wrong {how}" : $"{how}: too many wrong codes");
            return lockedFor is null
                ? await Again(t["code_wrong"], StatusCodes.Status401Unauthorized)
                : await Again(CodeProof.LockedMessage(t, lockedFor), StatusCodes.Status429TooManyRequests);
        }
        if (user.Blocked)
        {
            await Audit(LoginEventType.Refused, AuditOutcome.Failure, user.Id, "blocked");
            return await Again(posted.Texts["blocked"], StatusCodes.Status403Forbidden);
        }
        await users.RecordLoginAsync(pool, user.Id, ct);
        await Audit(LoginEventType.SignedIn, AuditOutcome.Success, user.Id, how);
        // RFC 8176 §2: "sms" for a code by text message; an emailed code is WeGate's "email".
        return await interactions.CompleteAsync(http, posted.Request, new Resolution.SignedIn(user, false, []),
            posted.Channel == CodeChannel.Sms ? "sms" : "email", ct);
    }
}
