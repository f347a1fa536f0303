using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace WeGate.Server.Api;

// Binds a JSON request body with errors that name the field: wrong media type → 415, bad JSON or an
// unknown or mistyped field → 400, over the endpoint's size limit → 413. The endpoint's OpenAPI
// description gets T as its request body and those answers as problems (docs/admin-api.md).
public sealed record JsonBody<T>(T Value) : IBindableFromHttpContext<JsonBody<T>>, IEndpointParameterMetadataProvider
    where T : class
{
#pragma warning disable CA1000 // IBindableFromHttpContext and IEndpointParameterMetadataProvider require static members on the generic type.
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Not IAcceptsMetadata, which would let routing answer a wrong media type with a bare 415 before
        // BindAsync can say what to send.
        builder.Metadata.Add(new JsonBodyMetadata(typeof(T)));
        foreach (var status in new[] { StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType })
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
    }

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
            // A syntax error belongs to the body as a whole; a mapping error to the field it names.
            var syntax = e.InnerException?.GetType().Name == "JsonReaderException";
            var field = syntax || string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            throw ApiProblemException.BadRequest(field, Explain(e, syntax));
        }
        return value is null ? throw ApiProblemException.BadRequest("body", "must be a JSON object") : new JsonBody<T>(value);
    }
#pragma warning restore CA1000

    // System.Text.Json's wording names .NET types; say what is wrong in the request's own terms.
    private static string Explain(JsonException e, bool syntax)
    {
        if (syntax)
            return $"is not valid JSON: it breaks off or goes wrong at line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0}";
        var m = e.Message;
        if (m.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return "is not a field of this request (check the spelling; fields are snake_case)";
        if (m.Contains("could not be converted", StringComparison.Ordinal))
            return "has the wrong JSON type (a string, number, boolean, array or object other than this field takes)";
        return "is not valid JSON for this request";
    }
}

// The type a JsonBody<T> parameter reads, for the endpoint's OpenAPI description (Admin/AdminOpenApi).
public sealed record JsonBodyMetadata(Type Type);
