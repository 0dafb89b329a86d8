using System.Net;
using MailGrains.Grains.Network;
using MailGrains.Hosting.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace MailGrains.Hosting;

/// <summary>
/// The silo process's host. A generic host, unless <c>MailGrains:Dashboard:Enabled</c>: the Orleans Dashboard is
/// an ASP.NET Core app that must live in the silo's own container, so then the silo is a web host that also
/// serves the dashboard and its health on one port.
/// </summary>
public static class SiloHost
{
    public const string HealthReadyTag = "ready";

    /// <param name="args">Command-line arguments (configuration).</param>
    /// <param name="useDefaults">Read <c>appsettings.json</c>, the environment and log to the console, as a process does; tests turn it off.</param>
    /// <param name="configure">Applied to the builder before the silo is added, e.g. extra configuration or loggers.</param>
    public static IHost Build(string[] args, bool useDefaults = true, Action<IHostApplicationBuilder>? configure = null)
    {
        var generic = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = !useDefaults,
        });
        configure?.Invoke(generic);
        var dashboard = generic.Configuration.GetSection(MailGrainsDashboardOptions.SectionName).Get<MailGrainsDashboardOptions>() ?? new();
        if (!dashboard.Enabled)
        {
            generic.AddMailGrainsSilo();
            return generic.Build();
        }

        var web = CreateWebBuilder(args, useDefaults);
        configure?.Invoke(web);
        web.AddMailGrainsSilo(silo => silo.AddDashboard());
        web.Services.AddValidatedOptions<MailGrainsDashboardOptions>(MailGrainsDashboardOptions.SectionName);
        web.Services.DenyOutboundPorts<IOptions<MailGrainsDashboardOptions>>(d => [d.Value.Port]);
        web.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<MailGrainsClusterOptions>, IOptions<MailGrainsDashboardOptions>>((kestrel, cluster, settings) =>
        {
            var address = cluster.Value.ListenOnAnyAddress ? IPAddress.Any : IPAddress.Parse(cluster.Value.AdvertisedAddress);
            kestrel.Listen(address, settings.Value.Port);
        });
        web.Services.AddHealthChecks().AddMailGrainsStorageChecks(HealthReadyTag);

        var app = web.Build();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthReadyTag), ResponseWriter = HealthResponse.WriteAsync });
        // Grain state holds mail settings and encrypted passwords: the dashboard's state inspector is refused.
        app.MapOrleansDashboard().AddEndpointFilter((context, next) =>
            context.HttpContext.Request.Path.Value?.EndsWith("/GrainState", StringComparison.OrdinalIgnoreCase) == true
                ? ValueTask.FromResult<object?>(Results.StatusCode(StatusCodes.Status403Forbidden))
                : next(context));
        return app;
    }

    private static WebApplicationBuilder CreateWebBuilder(string[] args, bool useDefaults)
    {
        var options = new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory };
        if (useDefaults)
        {
            return WebApplication.CreateBuilder(options);
        }

        var web = WebApplication.CreateEmptyBuilder(options);
        web.WebHost.UseKestrelCore();
        web.Services.AddRoutingCore();
        return web;
    }
}
