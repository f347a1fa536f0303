using WeGate.Core.Accounts;

namespace WeGate.Server.Login;

// The seven WeChat logins (docs/logins.md), one folder each under Login/. Adding a flow adds its line here.
internal static class LoginFlows
{
    public static void AddLoginFlows(this IServiceCollection services)
    {
        services.AddSingleton<AccountResolver>();
        services.AddSingleton<IAccountChoiceStore, WeGate.Storage.Stores.AccountChoiceStore>();
        services.AddSingleton<Accounts.PendingArrivals>();
        services.AddSingleton<Accounts.CodeProof>();
        services.AddSingleton<Accounts.AuthSessions>();
        services.AddSingleton<Oidc.Token.IDeferredAccountStep, Accounts.DeferredAccountSteps>();
        services.AddSingleton<WeGate.Storage.Stores.Oidc.AuthSessionStore>();
        services.AddSingleton<LoginCompletion>();
        services.AddSingleton<WeChatExchange>();
        services.AddSingleton<MiniProgramLogin>();
        services.AddSingleton<Tickets.LoginTickets>();
        services.AddSingleton<Tickets.TicketNotifier>();
        services.AddSingleton<Tickets.TicketAnnouncer>();
        services.AddSingleton<Tickets.TicketStreams>();
        services.AddOptions<Tickets.TicketStreamOptions>().BindConfiguration(Tickets.TicketStreamOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Tickets.TicketStreamOptions>, Tickets.TicketStreamOptionsValidation>();
        services.AddHostedService<Tickets.PostgresTicketListener>();
        services.AddSingleton<WeGate.Storage.Stores.LoginTicketStore>();
        // Flows register their ILoginFlow and ITokenExchangeHandler services below.
        services.AddSingleton<WeGate.Server.Oidc.Token.ITokenExchangeHandler, MiniProgram.MiniProgramExchange>();
        services.AddSingleton<WeGate.Server.Oidc.Token.ITokenExchangeHandler, Mobile.MobileExchange>();
        services.AddSingleton<WeGate.Server.Oidc.Token.ITokenExchangeHandler, AppMiniProgram.TicketExchange>();
        services.AddSingleton<ILoginFlow, OfficialAccountFollow.FollowLoginFlow>();
        services.AddSingleton<OfficialAccountFollow.FollowEvents>();
        services.AddSingleton<OfficialAccountFollow.FollowAudit>();
        services.AddSingleton<OfficialAccountFollow.DeliveryDedupe>();
        services.AddSingleton<WeGate.Storage.Stores.CallbackNonceStore>();
        services.AddSingleton<ILoginFlow, MiniProgramQr.MiniProgramQrFlow>();
        services.AddSingleton<WebsiteQr.RedirectState>();
        services.AddSingleton<WebsiteQr.RedirectLogins>();
        services.AddOptions<WebsiteQr.WebsiteQrOptions>().BindConfiguration(WebsiteQr.WebsiteQrOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<WebsiteQr.WebsiteQrOptions>, WebsiteQr.WebsiteQrOptionsValidation>();
        services.AddSingleton<ILoginFlow, WebsiteQr.WebsiteQrFlow>();
        services.AddSingleton<ILoginFlow, OfficialAccountWeb.OfficialAccountWebFlow>();
    }

    public static void MapLoginFlows(this IEndpointRouteBuilder app)
    {
        Tickets.TicketScript.Map(app);
        var login = app.MapGroup("/pools/{pool}/login").ExcludeFromDescription();
        Tickets.TicketStatusEndpoints.Map(login);
        Accounts.AccountPages.Map(login);
        AppMiniProgram.AppMiniProgramEndpoints.Map(login);
        OfficialAccountFollow.CallbackEndpoints.Map(login);
        MiniProgramQr.MiniProgramQrEndpoints.Map(login);
        WebsiteQr.WebsiteQrScript.Map(app);
        WebsiteQr.WebsiteQrEndpoints.Map(login);
        OfficialAccountWeb.OfficialAccountWebEndpoints.Map(login);
    }
}
