using WeGate.Server.Api;

namespace WeGate.Server.Admin;

// The OpenAPI document describes the admin API: open in Development, behind an admin key elsewhere,
// so a production server does not hand its attack surface to anyone who asks (docs/admin-api.md).
internal static class OpenApiAccess
{
    public static void RequireAdminKeyOutsideDevelopment(this IEndpointConventionBuilder openApi) => openApi.Add(endpoint =>
    {
        var document = endpoint.RequestDelegate!;
        endpoint.RequestDelegate = async http =>
        {
            if (!http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment())
            {
                var presented = AdminAuthentication.BearerOf(http.Request);
                var (actor, _) = presented is null ? (null, [])
                    : await http.RequestServices.GetRequiredService<AdminAuthentication>().AuthenticateAsync(presented, http.RequestAborted);
                if (actor is null)
                    throw new ApiProblemException(StatusCodes.Status401Unauthorized, "Unauthorized",
                        "Outside Development the OpenAPI document needs an admin API key: send 'Authorization: Bearer <key>'.")
                    {
                        WwwAuthenticate = "Bearer realm=\"wegate-admin\"",
                    };
            }
            await document(http);
        };
    });
}
