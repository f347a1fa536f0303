using WeGate.Core.Applications;
using WeGate.Core.Connections;
using WeGate.Server.Errors;
using WeGate.Server.Oidc;

namespace WeGate.Server.Login.Exchange;

// Which of the application's connections a non-browser login uses: the one named by `connection`, or
// the only enabled one of the right type.
internal static class ConnectionChooser
{
    public static async Task<(Connection?, OAuthError?)> ChooseAsync(IConnectionStore connections, string pool, Application client, IFormCollection form, string type, CancellationToken ct)
    {
        var named = form["connection"].ToString();
        var candidates = new List<Connection>();
        foreach (var slug in client.Connections)
        {
            if (await connections.GetAsync(pool, slug, ct) is { Enabled: true } c && c.Type == type && (named.Length == 0 || c.Slug == named))
                candidates.Add(c);
        }
        return candidates.Count switch
        {
            1 => (candidates[0], null),
            0 => (null, WeGateErrors.NoConnection.Error(named.Length > 0
                ? $"'{named}' is not an enabled {type} connection of this application"
                : $"This application has no enabled {type} connection; an administrator can add one to its connections")),
            _ => (null, WeGateErrors.SeveralConnections.Error($"This application has several {type} connections; name one with the connection parameter: {string.Join(", ", candidates.Select(c => c.Slug))}")),
        };
    }
}
