using System.Text;
using WeGate.Server.Errors;

namespace WeGate.Server.Pages;

// GET /errors: the catalogue every error_uri points into (docs/errors.md), served by WeGate itself so the
// link in an answer works wherever WeGate runs, with one anchor per error id. In English, like the
// descriptions it lists.
internal static class ErrorCatalogPage
{
    public static void MapErrorCatalog(this IEndpointRouteBuilder app) =>
        app.MapGet("/errors", (HttpContext http) => Page.Html(http, Texts.For("en", http.Request), "WeGate errors", Body())).ExcludeFromDescription();

    private static string Body()
    {
        // The entry an error_uri points at stands out.
        var html = new StringBuilder("<style>dt:target,dt:target+dd{background:#fff4d6}</style><h1>WeGate errors</h1><p class=\"sub\">Every error answer names one of these in <code>error_id</code> and links here in <code>error_uri</code>.</p>");
        foreach (var section in WeGateErrors.All.GroupBy(WeGateErrors.SectionOf))
        {
            html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h2 style=\"font-size:18px;margin:24px 0 8px\">{Page.Encode(section.Key)}</h2><dl>");
            foreach (var entry in section)
            {
                html.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"<dt id=\"{entry.Anchor}\" style=\"margin-top:12px\"><strong>{entry.Id}</strong> <code>{Page.Encode(entry.Code)}</code> · HTTP {entry.Status}</dt><dd style=\"margin:4px 0 0 0\">{Page.Encode(entry.Description)}</dd>");
            }
            html.Append("</dl>");
        }
        return html.ToString();
    }
}
