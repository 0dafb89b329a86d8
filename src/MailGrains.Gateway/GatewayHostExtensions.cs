using MailGrains.Gateway.Accounts;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using MailGrains.Gateway.Health;
using MailGrains.Gateway.OAuth2;
using MailGrains.Gateway.RateLimits;
using MailGrains.Grains.Network;
using MailGrains.Hosting;
using MailGrains.Hosting.Health;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway;

internal static class GatewayHostExtensions
{
    /// <summary>
    /// The gateway: an Orleans client of the configured cluster with problem details, validation, OpenAPI, health
    /// checks and telemetry. Requests the framework cannot bind are thrown (not answered with a bare 400), so that
    /// <see cref="JsonErrors"/> names the field.
    /// </summary>
    public static WebApplicationBuilder AddMailGrainsGateway(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(GatewayOptions.DefaultUrl);
        }

        // Listen (and answer /health/live) while the Orleans client is still looking for the cluster.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.Services.AddValidatedOptions<GatewayOptions>(GatewayOptions.SectionName);
        builder.UseOrleansClient(client => client.UseMailGrainsCluster());
        builder.Services.AddMailGrainsOutboundPolicy()
            .DenyOutboundPorts<IOptions<MailGrainsClusterOptions>>(c => [c.Value.SiloPort, c.Value.GatewayPort])
            .AddSingleton<OutboundAccountRules>();
        builder.AddMailGrainsTelemetry(GatewayOptions.DefaultServiceName);
        builder.Services.AddApiValidation();
        builder.Services.AddExceptionHandler<JsonErrors>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddRouteIds();
        builder.Services.AddApiKeyAuth();
        builder.Services.AddApiRateLimiting();
        builder.Services.AddOAuth2CallbackLimit();
        builder.KeepOAuth2QueryOutOfLogs();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<MailGrains.Gateway.Webhooks.WebhookEventsDocument>());
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag])
            .AddMailGrainsStorageChecks(HealthEndpoints.ReadyTag);
        return builder;
    }
}
