using WeGate.Core.Accounts;
using WeGate.Server.Interaction;
using WeGate.WeChat.Client;

namespace WeGate.Server.Login.Redirect;

// What a redirect login's callback needs (website-qr, oa-web): the login found again from WeChat's state,
// the WeChat profile, the account resolver and the completion of the interaction.
internal readonly record struct RedirectCallback(RedirectLogins Logins, WeChatApiClient WeChat, AccountResolver Resolver, Interactions Completion,
    ILoggerFactory Loggers);
