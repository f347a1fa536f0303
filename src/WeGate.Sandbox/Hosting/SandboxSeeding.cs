using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Hosting;

public sealed record SeededSandbox(IReadOnlyList<SandboxApp> Apps, IReadOnlyList<Persona> Personas);

// Apps and personas from configuration ("Sandbox:Apps", "Sandbox:Personas": arrays, or objects keyed by
// any label) are created through the control API's own POST /control/apps and /control/personas,
// invoked in process before the host listens. A configured entry is therefore accepted or refused
// exactly as the same JSON sent to the control API would be, and nothing can call the sandbox before
// its registry is complete. Settings are the fields of the control API's create requests.
public static class SandboxSeeding
{
    public static async Task<SeededSandbox> SeedAsync(IEndpointRouteBuilder endpoints, IConfiguration section, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(prefix);
        var apps = new List<SandboxApp>();
        foreach (var entry in section.GetSection("Apps").GetChildren())
        {
            apps.Add(await CreateAsync<CreateAppRequest, SandboxApp>(endpoints, ControlPost(endpoints, prefix, "apps"), entry, cancellationToken));
        }

        var personas = new List<Persona>();
        foreach (var entry in section.GetSection("Personas").GetChildren())
        {
            personas.Add(await CreateAsync<Persona, Persona>(endpoints, ControlPost(endpoints, prefix, "personas"), entry, cancellationToken));
        }

        return new SeededSandbox(apps, personas);
    }

    private static async Task<TResult> CreateAsync<TRequest, TResult>(IEndpointRouteBuilder endpoints, RequestDelegate create, IConfigurationSection entry, CancellationToken cancellationToken)
    {
        CheckSettings(typeof(TRequest), entry);
        var body = JsonSerializer.SerializeToUtf8Bytes(ToJson(entry));
        await using var scope = endpoints.ServiceProvider.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
        http.Request.Method = HttpMethods.Post;
        http.Request.ContentType = "application/json";
        http.Request.ContentLength = body.Length;
        http.Request.Body = new MemoryStream(body);
        using var response = new MemoryStream();
        http.Response.Body = response;

        await create(http);

        response.Position = 0;
        if (http.Response.StatusCode == StatusCodes.Status201Created
            && JsonSerializer.Deserialize<TResult>(response, SandboxControlJson.Options) is { } created)
        {
            return created;
        }

        throw new SandboxStartupException($"{entry.Path} was refused by the sandbox control API ({http.Response.StatusCode}): {ProblemDetail(response)}");
    }

    // Configuration binding would accept a misspelt setting silently; the control API would ignore it.
    // Both are refused here: every setting must be a field of the create request, and the request's
    // constructor parameters (an app's Type, a persona's Id) must be given.
    private static void CheckSettings(Type request, IConfigurationSection entry)
    {
        var constructor = request.GetConstructors().MaxBy(c => c.GetParameters().Length);
        var required = constructor?.GetParameters().Where(p => !p.HasDefaultValue).Select(p => p.Name!).ToList() ?? [];
        var known = request.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToList();
        if (entry.GetChildren().FirstOrDefault(c => !known.Contains(c.Key, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            throw new SandboxStartupException($"{unknown.Path} is not a setting. Known settings: {string.Join(", ", known)}.");
        }

        if (required.FirstOrDefault(name => string.IsNullOrWhiteSpace(entry[name])) is { } missing)
        {
            throw new SandboxStartupException($"{entry.Path}:{char.ToUpperInvariant(missing[0])}{missing[1..]} is required.");
        }
    }

    // Configuration values are all strings: "true"/"false" become JSON booleans; numbers may stay
    // strings because the control API reads numbers from strings (JsonSerializerDefaults.Web).
    private static JsonNode? ToJson(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return section.Value is not { } value ? null
                : bool.TryParse(value, out var flag) ? JsonValue.Create(flag)
                : JsonValue.Create(value);
        }

        if (children.All(child => int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return new JsonArray([.. children.OrderBy(child => int.Parse(child.Key, CultureInfo.InvariantCulture)).Select(ToJson)]);
        }

        var json = new JsonObject();
        foreach (var child in children)
        {
            json[child.Key] = ToJson(child);
        }

        return json;
    }

    private static RequestDelegate ControlPost(IEndpointRouteBuilder endpoints, string prefix, string path)
    {
        var pattern = $"{prefix.Trim('/')}/control/{path}".Trim('/');
        var endpoint = endpoints.DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>().FirstOrDefault(endpoint =>
            string.Equals(endpoint.RoutePattern.RawText?.Trim('/'), pattern, StringComparison.Ordinal)
            && endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true);
        return endpoint?.RequestDelegate
            ?? throw new InvalidOperationException($"No sandbox control endpoint POST /{pattern}: mount the sandbox (MapWeChatSandbox) at \"{prefix}\" first.");
    }

    private static string ProblemDetail(MemoryStream response)
    {
        try
        {
            using var problem = JsonDocument.Parse(response);
            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : problem.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            return "(no detail)";
        }
    }
}
