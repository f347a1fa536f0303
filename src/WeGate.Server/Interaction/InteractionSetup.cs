using WeGate.Server.Interaction.Accounts;
using WeGate.Server.Oidc.Authorize;
using WeGate.Server.Oidc.Token;
using WeGate.Core.Authorization;
using WeGate.Storage.Stores.Oidc;

namespace WeGate.Server.Interaction;

// The interaction: parked requests, the hosted login page, the account step and the hand-off from
// token-exchange logins (Interactions explains the seam).
internal static class InteractionSetup
{
    public static void AddInteraction(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationRequestStore, AuthorizationRequestStore>();
        services.AddSingleton<ISignInCompletionStore, SignInCompletionStore>();
        services.AddSingleton<ParkedRequests>();
        services.AddSingleton<Interactions>();
        services.AddSingleton<IInteraction>(s => s.GetRequiredService<Interactions>());
        services.AddSingleton<LoginPage>();
        services.AddSingleton<PendingArrivals>();
        services.AddSingleton<CodeProof>();
        services.AddSingleton<IAuthSessionStore, AuthSessionStore>();
        services.AddSingleton<AuthSessions>();
        services.AddSingleton<IDeferredAccountStep, DeferredAccountSteps>();
    }

    public static void MapInteraction(this IEndpointRouteBuilder app)
    {
        LoginPageScript.Map(app);
        var pool = app.MapGroup("/pools/{pool}").ExcludeFromDescription();
        LoginPage.Map(pool);
        AccountPages.Map(pool.MapGroup("/login"));
    }
}
