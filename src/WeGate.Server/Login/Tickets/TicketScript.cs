namespace WeGate.Server.Login.Tickets;

// Serves ticket.js (an embedded file) to the hosted login page; the page's CSP allows only same-origin
// scripts, so the QR flows share this one file instead of inline code.
internal static class TicketScript
{
    public const string Path = "/login/ticket.js";

    private static readonly byte[] Body = Load();

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(Body, "text/javascript; charset=utf-8");
        }).ExcludeFromDescription();

    // The tag a flow's panel includes.
    public const string Tag = $"<script src=\"{Path}\" defer></script>";

    private static byte[] Load()
    {
        using var stream = typeof(TicketScript).Assembly.GetManifestResourceStream("WeGate.Server.Login.Tickets.ticket.js")
            ?? throw new InvalidOperationException("ticket.js is not embedded in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
