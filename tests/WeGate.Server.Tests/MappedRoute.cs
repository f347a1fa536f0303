using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;

namespace WeGate.Server.Tests;

// The routes a running server has mapped, read from its EndpointDataSource: the path as OpenAPI writes
// it (parameters without constraints), the HTTP methods, whether the route is excluded from the
// OpenAPI description, and whether it takes a JSON body.
public sealed partial record MappedRoute(string Path, IReadOnlyList<string> Methods, bool Excluded, bool TakesJson = false)
{
    public IEnumerable<string> Operations => Methods.Select(m => $"{m} {Path}");

    public static IReadOnlyList<MappedRoute> AllOf(WebApplication app) =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new MappedRoute(
                Parameter().Replace("/" + e.RoutePattern.RawText!.TrimStart('/'), "{${name}}"),
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [],
                e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true,
                e.Metadata.GetMetadata<WeGate.Server.Api.JsonBodyMetadata>() is not null))];

    // {id:int}, {slug?}, {**rest} → {id}, {slug}, {rest}
    [GeneratedRegex(@"\{\**(?<name>\w+)[^}]*\}")]
    private static partial Regex Parameter();
}
