using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using WeGate.Core.Accounts;
using WeGate.Core.Connections;
using WeGate.Core.Users;
using WeGate.Server.Api;
using WeGate.Server.Errors;
using WeGate.Server.Interaction;
using WeGate.Server.Oidc;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Pages;

namespace WeGate.Server.Interaction.Accounts;

// The steps between WeChat and the application when the account resolver needs the person
// (docs/accounts.md): account selection (two accounts were reached before the unionid was known) and
// ask to bind (a new WeChat user chooses "create a new account" or "link an existing account", proven
// with its password or a code). Each page shows which WeChat user is arriving, with a warning not to
// go on with a link someone else sent.
internal static class AccountPages
{
    public static void Map(RouteGroupBuilder login)
    {
        var account = login.MapGroup("/account");
        account.MapGet("", ShowAsync);
        account.MapPost("/select", SelectAsync).DisableAntiforgery();
        account.MapPost("/create", CreateAsync).DisableAntiforgery();
        account.MapPost("/bind", BindWithPasswordAsync).DisableAntiforgery().RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);
        account.MapPost("/bind/send", SendCodeAsync).DisableAntiforgery().RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);
        account.MapPost("/bind/code", BindWithCodeAsync).DisableAntiforgery().RequireRateLimiting(Oidc.RateLimits.OidcRateLimits.PerIp);
    }

    // What every step needs: the parked arrival and its request, the page's forms, and the resolver and
    // completion that act on the person's decision.
    internal readonly record struct Services(PendingArrivals Pending, ParkedRequests Parked, IConnectionStore Connections, IUserStore Users,
        IAntiforgery Antiforgery, AccountResolver Resolver, Interactions Completion);

    private static async Task<IResult> ShowAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct)
    {
        var state = await LoadAsync(pool, http, services, ct);
        return state is null ? Expired(http) : await RenderAsync(http, services, pool, state, null, ct);
    }

    private static Task<IResult> SelectAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct) =>
        HandleAsync(pool, http, services, (state, form) =>
        {
            var chosen = form["user_id"].ToString();
            return Task.FromResult(state.Pending.Arrival.CandidateIds.Contains(chosen) ? Decided(new AccountDecision(AccountDecision.Choose, chosen)) : NotOffered);
        }, ct);

    private static Task<IResult> CreateAsync(string pool, HttpContext http, [AsParameters] Services services, CancellationToken ct) =>
        HandleAsync(pool, http, services, (state, _) =>
            Task.FromResult(state.Pending.Arrival.CandidateIds.Count == 0 ? Decided(new AccountDecision(AccountDecision.Create)) : NotOffered), ct);

    private static Task<IResult> BindWithPasswordAsync(string pool, HttpContext http, [AsParameters] Services services, IPasswordCheck passwords, CancellationToken ct) =>
        HandleAsync(pool, http, services, async (state, form) =>
        {
            if (state.Pending.Arrival.CandidateIds.Count > 0)
                return NotOffered;
            var check = await passwords.CheckAsync(pool, form["login"].ToString(), form["password"].ToString(), ct);
            return check is PasswordCheck.Success(var user)
                ? Decided(new AccountDecision(AccountDecision.Bind, user.Id, "password"))
                : (null, state.Texts.Section("account")["wrong"]);
        }, ct);

    private static async Task<IResult> SendCodeAsync(string pool, HttpContext http, [AsParameters] Services services, CodeProof proof, CancellationToken ct)
    {
        var state = await LoadAsync(pool, http, services, ct);
        if (state is null || state.Pending.Arrival.CandidateIds.Count > 0)
            return Expired(http);
        if (await Page.IsForgedAsync(http))
            return Page.Error(http, state.Texts, WeGateErrors.FormForged.Error());
        var t = state.Texts.Section("account");
        var input = (await http.Request.ReadFormAsync(ct))["recipient"].ToString().Trim();
        var (channel, recipient) = CodeProof.Parse(input);
        if (recipient is null)
            return await RenderAsync(http, services, pool, state, t["bad_recipient"], ct);
        var (ok, retryAfter, locked) = await proof.SendAsync(pool, channel, recipient, CodeProof.Bind, AuditEvents.Ip(http), ct);
        return ok
            ? await RenderAsync(http, services, pool, state, null, ct, string.Format(CultureInfo.InvariantCulture, t["sent"], input), input)
            : await RenderAsync(http, services, pool, state, locked ? CodeProof.LockedMessage(t, retryAfter)
                : string.Format(CultureInfo.InvariantCulture, t["retry_in"], (int)(retryAfter?.TotalSeconds ?? 60)), ct, recipient: input);
    }

    private static Task<IResult> BindWithCodeAsync(string pool, HttpContext http, [AsParameters] Services services, CodeProof proof, CancellationToken ct) =>
        HandleAsync(pool, http, services, async (state, form) =>
        {
            if (state.Pending.Arrival.CandidateIds.Count > 0)
                return NotOffered;
            var (channel, recipient) = CodeProof.Parse(form["recipient"].ToString().Trim());
            var (user, lockedFor) = recipient is null ? (null, null) : await proof.VerifyAsync(pool, channel, recipient, CodeProof.Bind, form["code"].ToString().Trim(), ct);
            var t = state.Texts.Section("account");
            return user is not null
                ? Decided(new AccountDecision(AccountDecision.Bind, user.Id, channel == Core.OneTimeCodes.CodeChannel.Sms ? "sms code" : "email code"))
                : (null, lockedFor is null ? t["code_wrong"] : CodeProof.LockedMessage(t, lockedFor));
        }, ct);

    // A step's answer: the person's decision, or why the proof failed (the page shows it again), or
    // neither when the step is not offered on this page.
    private static (AccountDecision? Decision, string? ProofFailed) Decided(AccountDecision decision) => (decision, null);

    private static readonly (AccountDecision?, string?) NotOffered = (null, null);

    internal sealed record PageState(PendingArrival Pending, WeChatArrival Arrival, ParkedRequest Request, Texts Texts);

    private static async Task<IResult> HandleAsync(string pool, HttpContext http, Services services,
        Func<PageState, IFormCollection, Task<(AccountDecision? Decision, string? ProofFailed)>> step, CancellationToken ct)
    {
        var state = await LoadAsync(pool, http, services, ct);
        if (state is null)
            return Expired(http);
        if (await Page.IsForgedAsync(http))
            return Page.Error(http, state.Texts, WeGateErrors.FormForged.Error());
        var form = await http.Request.ReadFormAsync(ct);
        var recipient = form["recipient"].ToString() is { Length: > 0 } r ? r : null;
        var (decision, proofFailed) = await step(state, form);
        // A failed proof shows the page again; a code form stays open for another try.
        if (proofFailed is not null)
            return await RenderAsync(http, services, pool, state, proofFailed, ct, recipient: recipient);
        if (decision is null)
            return Page.Error(http, state.Texts, WeGateErrors.ChoiceNotOffered.Error());
        var (resolver, completion) = (services.Resolver, services.Completion);
        if (state.Pending.HandOffChallenge is not null && !(decision.Kind == AccountDecision.Create && state.Arrival.Connection.LoginOnly))
        {
            // A hand-off: the decision waits in the code for the application that started the exchange
            // (AuthSessions); what can be refused already is said now, on the page.
            if (decision.Kind == AccountDecision.Bind && await resolver.IsBoundToAnotherWeChatAsync(state.Arrival, decision.UserId!, ct))
                return await RenderAsync(http, services, pool, state, state.Texts.Section("account")["already_bound"], ct, recipient: recipient);
            PendingArrivals.Clear(http, pool);
            return await completion.CompleteLaterAsync(http, state.Request, decision.Kind == AccountDecision.Create ? null : decision.UserId,
                state.Pending.Amr, DeferredAccountSteps.Write(state.Pending.Arrival, decision), ct);
        }
        var resolution = await decision.ApplyAsync(resolver, state.Arrival, ct);
        if (resolution is Resolution.Refused { Reason: RefusalReason.AlreadyBound } refused)
            return await RenderAsync(http, services, pool, state, refused.UserMessage, ct, recipient: recipient);
        PendingArrivals.Clear(http, pool);
        return await completion.CompleteAsync(http, state.Request, resolution, state.Pending.Amr, ct);
    }

    private static async Task<PageState?> LoadAsync(string pool, HttpContext http, Services services, CancellationToken ct)
    {
        var pending = services.Pending.Read(http);
        if (pending is null)
            return null;
        var request = await services.Parked.LoadAsync(pool, pending.RequestId, ct);
        var connection = await services.Connections.GetAsync(pool, pending.Arrival.ConnectionSlug, ct);
        if (request is null || connection is null)
            return null;
        var arrival = pending.Arrival.ToArrival(connection, request.ClientId, AuditEvents.Ip(http), AuditEvents.UserAgent(http));
        return new PageState(pending, arrival, request, request.Texts(http.Request));
    }

    private static async Task<IResult> RenderAsync(HttpContext http, Services services, string pool, PageState state, string? error, CancellationToken ct,
        string? notice = null, string? recipient = null)
    {
        var t = state.Texts.Section("account");
        var token = services.Antiforgery.GetAndStoreTokens(http);
        var hidden = $"<input type=\"hidden\" name=\"{Page.Encode(token.FormFieldName)}\" value=\"{Page.Encode(token.RequestToken)}\">";
        var action = $"/pools/{Page.Encode(pool)}/login/account";
        var body = new StringBuilder();
        if (error is not null)
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" role=\"alert\">{Page.Encode(error)}</p>");
        if (notice is not null)
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">{Page.Encode(notice)}</p>");
        body.Append(CultureInfo.InvariantCulture, $"""
            <div class="arriving"><p>{Page.Encode(t["arriving"])}</p>
            <p>{Avatar(state.Pending.Arrival.AvatarUrl)}<strong>{Page.Encode(state.Pending.Arrival.Nickname is { Length: > 0 } n ? n : t["wechat_user"])}</strong></p>
            <p class="warning" role="note">{Page.Encode(t["not_yours"])}</p></div>
            """);
        if (state.Pending.Arrival.CandidateIds.Count > 0)
        {
            body.Insert(0, $"<h1>{Page.Encode(t["select_title"])}</h1><p class=\"sub\">{Page.Encode(t["select_intro"])}</p>");
            var users = services.Users;
            foreach (var id in state.Pending.Arrival.CandidateIds)
            {
                if (await users.GetAsync(pool, id, ct) is not { } user)
                    continue;
                var lastLogin = user.LastLoginAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? t["never"];
                body.Append(CultureInfo.InvariantCulture, $"""
                    <form method="post" action="{action}/select" class="candidate">{hidden}<input type="hidden" name="user_id" value="{Page.Encode(user.Id)}">
                    <p>{Avatar(user.Profile.Picture)}<strong>{Page.Encode(user.Profile.Nickname ?? user.Profile.Name ?? t["no_name"])}</strong> {Page.Encode(Mask(user.Profile.PhoneNumber))}<br>
                    <span class="sub">{Page.Encode(t["last_login"])}: {Page.Encode(lastLogin)}</span></p>
                    <button type="submit">{Page.Encode(t["use"])}</button></form>
                    """);
            }
            return Page.Html(http, state.Texts, t["select_title"], body.ToString(), brand: state.Request.Application.Branding);
        }
        // A login-only connection never creates an account: there the person can only link one.
        var mayCreate = !state.Arrival.Connection.LoginOnly;
        body.Insert(0, $"<h1>{Page.Encode(t["bind_title"])}</h1><p class=\"sub\">{Page.Encode(t[mayCreate ? "bind_intro" : "bind_intro_link_only"])}</p>");
        if (mayCreate)
            body.Append(CultureInfo.InvariantCulture, $"""<form method="post" action="{action}/create">{hidden}<button type="submit">{Page.Encode(t["create"])}</button></form>""");
        body.Append(CultureInfo.InvariantCulture, $"""
            <h2>{Page.Encode(t[mayCreate ? "bind_existing" : "bind_existing_only"])}</h2>
            <form method="post" action="{action}/bind">{hidden}
            <label for="login">{Page.Encode(t["login"])}</label><input id="login" name="login" autocomplete="username" required maxlength="128">
            <label for="password">{Page.Encode(t["password"])}</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128">
            <button type="submit">{Page.Encode(t["bind"])}</button></form>
            <h2>{Page.Encode(t["or_code"])}</h2>
            <form method="post" action="{action}/bind/send">{hidden}
            <label for="recipient">{Page.Encode(t["phone_or_email"])}</label><input id="recipient" name="recipient" value="{Page.Encode(recipient)}" required maxlength="128">
            <button type="submit">{Page.Encode(t["send"])}</button></form>
            """);
        if (recipient is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="{action}/bind/code">{hidden}<input type="hidden" name="recipient" value="{Page.Encode(recipient)}">
                <label for="code">{Page.Encode(t["code"])}</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="6">
                <button type="submit">{Page.Encode(t["bind_code"])}</button></form>
                """);
        }
        return Page.Html(http, state.Texts, t["bind_title"], body.ToString(), brand: state.Request.Application.Branding);
    }

    // Only https avatars (WeChat's are); the page's CSP allows https images and sends no referrer.
    private static string Avatar(string? picture) =>
        Uri.TryCreate(picture, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? $"<img src=\"{Page.Encode(picture)}\" alt=\"\" width=\"40\" height=\"40\" style=\"border-radius:50%;vertical-align:middle;margin-right:8px\">"
            : "";

    // +8613800138000 → +86138****8000: enough to recognise one's own number, not to learn someone else's.
    internal static string Mask(string? phone) =>
        phone is null || phone.Length < 8 ? "" : phone[..^8] + "****" + phone[^4..];

    private static IResult Expired(HttpContext http)
    {
        var texts = Texts.For(null, http.Request);
        return Page.Html(http, texts, texts["title"], $"<p class=\"error\">{Page.Encode(texts.Section("account")["expired"])}</p>", StatusCodes.Status400BadRequest);
    }
}
