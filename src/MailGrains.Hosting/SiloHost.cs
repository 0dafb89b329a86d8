using MailGrains.Grains.Network;
using MailGrains.Hosting.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
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
/// serves the dashboard and its health on one port: on loopback unless <c>MailGrains:Dashboard:ListenAddress</c> says
/// otherwise, the dashboard behind HTTP Basic authentication (<see cref="DashboardGuard"/>), its grain-state view refused.
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
        // No live log stream of grain calls: it would show keys and arguments to whoever watches.
        web.AddMailGrainsSilo(silo => silo.AddDashboard(options => options.HideTrace = true));
        web.Services.AddValidatedOptions<MailGrainsDashboardOptions>(MailGrainsDashboardOptions.SectionName);
        web.Services.DenyOutboundPorts<IOptions<MailGrainsDashboardOptions>>(d => [d.Value.Port]);
        web.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<MailGrainsDashboardOptions>>(
            (kestrel, settings) => kestrel.Listen(settings.Value.ListenIPAddress(), settings.Value.Port));
        web.Services.AddHealthChecks().AddMailGrainsStorageChecks(HealthReadyTag);

        var app = web.Build();
        app.UseRouting();
        app.UseMiddleware<DashboardGuard>();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync })
            .WithMetadata(new DashboardGuard.Open());
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthReadyTag), ResponseWriter = HealthResponse.WriteAsync })
            .WithMetadata(new DashboardGuard.Open());
        app.MapOrleansDashboard();
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
