using System.Reflection;
using System.Text.Json;

namespace WeGate.Server.Api;

// Binds a JSON request body with errors that name the field: wrong media type → 415, bad JSON or an
// unknown or mistyped field → 400, over the endpoint's size limit → 413.
public sealed record JsonBody<T>(T Value) : IBindableFromHttpContext<JsonBody<T>>
    where T : class
{
#pragma warning disable CA1000 // IBindableFromHttpContext requires the static BindAsync on the generic type.
    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasJsonContentType())
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as JSON with Content-Type: application/json.");
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ApiJson.Options, context.RequestAborted);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            throw ApiProblemException.BadRequest(field, Explain(e));
        }
        return value is null ? throw ApiProblemException.BadRequest("body", "must be a JSON object") : new JsonBody<T>(value);
    }
#pragma warning restore CA1000

    // System.Text.Json's own wording is precise but long; keep its first sentence.
    private static string Explain(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
            message = message[..cut];
        return "is not valid: " + message;
    }
}
