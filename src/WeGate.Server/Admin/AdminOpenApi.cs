using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace WeGate.Server.Admin;

// The admin API's OpenAPI document (docs/admin-api.md): a title, the bearer admin key as its security
// scheme, required by every admin operation, and the problems every one of them can answer (no key, a
// key for other pools, no such pool, too many requests).
internal sealed class AdminOpenApi : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Scheme = "adminKey";

    public const string ReferencePath = "/admin/reference";

    // The document at /openapi/v1.json (outside Development: an admin key or a console administrator's
    // session), and a browsable reference of it at /admin/reference/v1 (Scalar, served from its package:
    // no CDN, web fonts, telemetry or AI agent, so the page reaches nothing but WeGate). Outside
    // Development the reference needs a console administrator signed in, since a page cannot send an admin key.
    // The document describes the admin API alone: the protocol endpoints are described by OIDC discovery,
    // the pages are for people, and the sandbox has its own page (docs/sandbox.md).
    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ShouldInclude = d => d.RelativePath?.StartsWith(AdminApi.Prefix.TrimStart('/') + "/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer<AdminOpenApi>().AddOperationTransformer<AdminOpenApi>();
    }

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi().RequireAdminKeyOutsideDevelopment();
        app.MapScalarApiReference(ReferencePath, o => o.WithTitle("WeGate admin API").AddPreferredSecuritySchemes(Scheme)
                .DisableDefaultFonts().DisableTelemetry().DisableAgent().DisableMcp().HideDeveloperTools().HideClientButton())
            .RequireConsoleAdministratorOutsideDevelopment();
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "WeGate admin API",
            Version = "v1",
            Description = "Pools, connections, applications, users, signing keys and admin keys. Every call sends an admin key as "
                + "'Authorization: Bearer wgk_…' (created at the first start or with `wegate admin-key create`). Errors are RFC 9457 problem details.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An admin API key (wgk_…); a key may be limited to some pools.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
        var example = AdminExamples.Of($"{context.Description.HttpMethod} /{context.Description.RelativePath}");
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Api.JsonBodyMetadata>().FirstOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken), Example = AdminExamples.Parse(example?.Request) },
                },
            };
        }
        if (example?.Response is not null && operation.Responses?.FirstOrDefault(r => r.Key.StartsWith('2')).Value?.Content?.TryGetValue("application/json", out var answer) == true)
            answer.Example = AdminExamples.Parse(example.Response);
    }
}
