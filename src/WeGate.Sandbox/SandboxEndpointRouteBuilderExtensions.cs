using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WeGate.Sandbox.Api;
using WeGate.Sandbox.Control;
using WeGate.Sandbox.Pages;

namespace WeGate.Sandbox;

public static class SandboxEndpointRouteBuilderExtensions
{
    // Mounts one simulated WeChat: {prefix}/api = api.weixin.qq.com, {prefix}/open = open.weixin.qq.com
    // (the OAuth pages), {prefix}/mp = mp.weixin.qq.com, {prefix}/control = the control API. Time comes
    // from the host's TimeProvider service if registered. Each call creates an independent sandbox.
    // Event pushes and server verification go only to the hosts ServerUrlRule allows, through the
    // sandbox's own guarded HTTP handler (ServerHttp), not the host's IHttpClientFactory.
    // The SMS and email outbox is the host's SandboxOutbox service when it registers one.
    public static RouteGroupBuilder MapWeChatSandbox(this IEndpointRouteBuilder endpoints, string prefix, SandboxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var time = endpoints.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
        var server = endpoints.ServiceProvider.GetService<IServer>();
        var sandbox = new WeChatSandbox(options ?? new SandboxOptions(), time,
            () => server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [],
            endpoints.ServiceProvider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance);
        endpoints.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(sandbox.ServerHttp.Dispose);
        var root = endpoints.MapGroup(prefix);

        var api = root.MapGroup("api").AddEndpointFilter(new ApiCallFilter(sandbox));
        var routes = new ApiRoutes(api, sandbox);
        TokenEndpoints.Map(routes);
        OfficialAccountEndpoints.Map(routes);
        SnsEndpoints.Map(routes);
        MiniProgramEndpoints.Map(routes);

        // docs/wechat-contract.md#qr-images: no authentication; an unknown or expired ticket is HTTP 404.
        // A fetch is a screen drawing the QR, which keeps it on the virtual phone's Scan list.
        root.MapGroup("mp").MapGet("cgi-bin/showqrcode", (string? ticket) =>
        {
            if (sandbox.QrTickets.Find(ticket) is not { } found)
            {
                return Results.NotFound();
            }

            sandbox.QrTickets.Shown(found.Ticket);
            return Results.Bytes(QrImage.Png(found.Url)!, QrImage.ContentType);
        });

        // The control API and the pages that act as a persona answer other machines only with the
        // control secret; the simulated WeChat API and the PC pages are open, as WeChat's are.
        var access = new ControlAccess(sandbox.Options);
        var control = root.MapGroup("control").AddEndpointFilter(access.Filter(ControlBody.Refused));
        var open = root.MapGroup("open");
        var asPersona = open.MapGroup("").AddEndpointFilter(access.Filter(PageHtml.Refused));
        QrConnectPage.Map(open, sandbox);
        AuthorizePage.Map(asPersona, sandbox);

        ControlEndpoints.Map(control, sandbox);
        Outbox.OutboxControl.Map(control, endpoints.ServiceProvider.GetService<Outbox.SandboxOutbox>() ?? new Outbox.SandboxOutbox(time));
        Phone.PhoneEndpoints.Map(root, control, asPersona, sandbox, access);
        return root;
    }
}
