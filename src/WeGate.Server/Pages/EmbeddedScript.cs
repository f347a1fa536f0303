namespace WeGate.Server.Pages;

// A script of the hosted pages, embedded in the assembly and served at one path. The pages' CSP allows
// only same-origin scripts (script-src 'self'), so none of them is inline.
internal sealed class EmbeddedScript(string path, string resource)
{
    private readonly Lazy<byte[]> _body = new(() => Load(resource));

    public string Path => path;

    // The tag a page includes; defer keeps the page's own order and runs after it is parsed.
    public string Tag => $"<script src=\"{path}\" defer></script>";

    public void Map(IEndpointRouteBuilder app) =>
        app.MapGet(path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(_body.Value, "text/javascript; charset=utf-8");
        }).ExcludeFromDescription();

    private static byte[] Load(string resource)
    {
        using var stream = typeof(EmbeddedScript).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
