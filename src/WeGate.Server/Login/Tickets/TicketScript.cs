using WeGate.Server.Pages;

namespace WeGate.Server.Login.Tickets;

// ticket.js, shared by the QR flows that follow a login ticket on the hosted login page.
internal static class TicketScript
{
    private static readonly EmbeddedScript Script = new("/login/ticket.js", "WeGate.Server.Login.Tickets.ticket.js");

    public static string Path => Script.Path;

    // The tag a flow's panel includes.
    public static string Tag => Script.Tag;

    public static void Map(IEndpointRouteBuilder app) => Script.Map(app);
}
