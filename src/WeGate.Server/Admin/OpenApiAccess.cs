using WeGate.Server.Api;

namespace WeGate.Server.Admin;

// The OpenAPI document describes the admin API: open in Development, elsewhere behind an admin key or a
// console administrator's session, so a production server does not hand its attack surface to anyone
// who asks (docs/admin-api.md#openapi-document). The browsable reference, a page, takes the session only.
internal static class OpenApiAccess
{
    // Outside Development the reference's pages and assets need a signed-in console administrator; a
    // browser without one is sent to sign in and back.
    public static void RequireConsoleAdministratorOutsideDevelopment(this IEndpointConventionBuilder reference) => reference.Add(endpoint =>
    {
        var page = endpoint.RequestDelegate!;
        endpoint.RequestDelegate = async http =>
        {
            if (!http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment()
                && await http.RequestServices.GetRequiredService<Console.ConsoleSession>().AuthenticateAsync(http) is null)
            {
                http.Response.Redirect("/console/login?return=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
                return;
            }
            await page(http);
        };
    });

    public static void RequireAdminKeyOutsideDevelopment(this IEndpointConventionBuilder openApi) => openApi.Add(endpoint =>
    {
        var document = endpoint.RequestDelegate!;
        endpoint.RequestDelegate = async http =>
        {
            if (!http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment()
                && await http.RequestServices.GetRequiredService<Console.ConsoleSession>().AuthenticateAsync(http) is null)
            {
                var presented = AdminAuthentication.BearerOf(http.Request);
                var (actor, _) = presented is null ? (null, [])
                    : await http.RequestServices.GetRequiredService<AdminAuthentication>().AuthenticateAsync(presented, http.RequestAborted);
                if (actor is null)
                    throw new ApiProblemException(StatusCodes.Status401Unauthorized, "Unauthorized",
                        "Outside Development the OpenAPI document needs an admin API key ('Authorization: Bearer <key>') or a console administrator signed in at /console.")
                    {
                        WwwAuthenticate = "Bearer realm=\"wegate-admin\"",
                    };
            }
            await document(http);
        };
    });
}
