using WeGate.Core.Accounts;
using WeGate.Server.Hosting;
using WeGate.Server.Interaction;
using WeGate.Server.Interaction.Accounts;
using WeGate.Server.Login.Exchange;
using WeGate.Server.Login.MiniProgram;
using WeGate.Server.Login.Redirect;

namespace WeGate.Server.Login;

// The seven WeChat logins (docs/logins.md), one folder each under Login/. Adding a flow adds its line here.
internal static class LoginFlows
{
    public static void AddLoginFlows(this IServiceCollection services)
    {
        services.AddSingleton<AccountResolver>();
        services.AddSingleton<Password.LocalAccounts>();
        services.AddSingleton<Interaction.IPasswordCheck>(s => s.GetRequiredService<Password.LocalAccounts>());
        services.AddSingleton<Interaction.ILoginMethod, Password.PasswordLogin>();
        services.AddSingleton<Interaction.ILoginMethod, Code.CodeLogin>();
        services.AddSingleton<IAccountChoiceStore, WeGate.Storage.Stores.AccountChoiceStore>();
        services.AddSingleton<WeChatExchange>();
        services.AddSingleton<MiniProgramLogin>();
        services.AddSingleton<Tickets.LoginTickets>();
        services.AddSingleton<Tickets.TicketNotifier>();
        services.AddSingleton<Tickets.TicketAnnouncer>();
        services.AddSingleton<Tickets.TicketStreams>();
        services.AddCheckedOptions(Tickets.TicketStreamOptions.Section, new Tickets.TicketStreamOptionsValidation());
        services.AddHostedService<Hosting.PostgresListener>();
        services.AddSingleton<WeGate.Core.Tickets.ILoginTicketStore, WeGate.Storage.Stores.LoginTicketStore>();
        // Flows register their ILoginFlow and ITokenExchangeHandler services below.
        services.AddSingleton<WeGate.Server.Oidc.Token.ITokenExchangeHandler, MiniProgram.MiniProgramExchange>();
        services.AddSingleton<WeGate.Server.Oidc.Token.ITokenExchangeHandler, Mobile.MobileExchange>();
        services.AddSingleton<WeGate.Server.Oidc.Token.ITokenExchangeHandler, AppMiniProgram.TicketExchange>();
        services.AddSingleton<ILoginFlow, OfficialAccountFollow.FollowLoginFlow>();
        services.AddSingleton<OfficialAccountFollow.FollowEvents>();
        services.AddSingleton<OfficialAccountFollow.FollowAudit>();
        services.AddSingleton<OfficialAccountFollow.DeliveryDedupe>();
        services.AddSingleton<WeGate.Core.Connections.ICallbackNonceStore, WeGate.Storage.Stores.CallbackNonceStore>();
        services.AddSingleton<ILoginFlow, MiniProgramQr.MiniProgramQrFlow>();
        services.AddSingleton<Redirect.RedirectState>();
        services.AddSingleton<Redirect.RedirectLogins>();
        services.AddCheckedOptions(WebsiteQr.WebsiteQrOptions.Section, new WebsiteQr.WebsiteQrOptionsValidation());
        services.AddSingleton<ILoginFlow, WebsiteQr.WebsiteQrFlow>();
        services.AddSingleton<ILoginFlow, OfficialAccountWeb.OfficialAccountWebFlow>();
    }

    public static void MapLoginFlows(this IEndpointRouteBuilder app)
    {
        Tickets.TicketScript.Map(app);
        Password.PasswordLogin.Map(app.MapGroup("/pools/{pool}").ExcludeFromDescription());
        Code.CodeLogin.Map(app.MapGroup("/pools/{pool}").ExcludeFromDescription());
        var login = app.MapGroup("/pools/{pool}/login").ExcludeFromDescription();
        Tickets.TicketStatusEndpoints.Map(login);
        AppMiniProgram.AppMiniProgramEndpoints.Map(login);
        OfficialAccountFollow.CallbackEndpoints.Map(login);
        MiniProgramQr.MiniProgramQrEndpoints.Map(login);
        WebsiteQr.WebsiteQrScript.Map(app);
        WebsiteQr.WebsiteQrEndpoints.Map(login);
        OfficialAccountWeb.OfficialAccountWebEndpoints.Map(login);
    }
}
