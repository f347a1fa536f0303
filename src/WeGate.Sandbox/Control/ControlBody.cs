using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace WeGate.Sandbox.Control;

internal static class ControlBody
{
    public static async Task<T?> ReadAsync<T>(HttpContext http)
        where T : class
    {
        try
        {
            return await http.Request.ReadFromJsonAsync<T>(SandboxControlJson.Options, http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    // Route values are read from the context: typed lambda parameters next to a (Delegate) cast crash
    // the ASP.NET route-handler analyzer (AD0001) in this SDK.
    public static string Route(HttpContext http, string name) => http.Request.RouteValues[name] as string ?? "";

    public static IResult Json(object value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, SandboxControlJson.Options, statusCode: status);

    public static IResult Invalid(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult Refused(ControlAccess access) => Results.Problem(access.Refusal(), statusCode: access.RefusalStatus);

    public static IResult Conflict(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status409Conflict);
}
