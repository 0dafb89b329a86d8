using MailGrains.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace MailGrains.Hosting;

/// <summary>OpenTelemetry for a silo or the gateway, the same in both: off until an OTLP endpoint is configured.</summary>
public static class TelemetryHostExtensions
{
    /// <summary>
    /// Metrics (the product's meter, Orleans', ASP.NET Core's and the runtime's) and traces (the product's spans,
    /// Orleans' grain calls, ASP.NET Core requests other than health probes), exported over OTLP.
    /// </summary>
    public static IHostApplicationBuilder AddMailGrainsTelemetry(this IHostApplicationBuilder builder, string defaultServiceName)
    {
        builder.Services.AddValidatedOptions<MailGrainsTelemetryOptions>(MailGrainsTelemetryOptions.SectionName);
        // What to wire is decided now; a bad value wires nothing here and stops the process at start, named by validation.
        var settings = builder.Configuration.GetSection(MailGrainsTelemetryOptions.SectionName).Get<MailGrainsTelemetryOptions>() ?? new();
        if (settings.Endpoint is not { } endpoint)
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName is { Length: > 0 } name ? name : defaultServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(MailGrainsMetrics.MeterName, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter(o => Export(o, settings.Protocol, endpoint, "v1/metrics")))
            .WithTracing(tracing => tracing
                .AddSource(MailGrainsTracing.SourceName, ActivitySources.AllActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddOtlpExporter(o => Export(o, settings.Protocol, endpoint, "v1/traces")));
        return builder;
    }

    /// <summary>OTLP over HTTP posts each signal to its own path below the base address; gRPC uses the address as it is.</summary>
    private static void Export(OtlpExporterOptions options, OtlpExportProtocol protocol, Uri endpoint, string signalPath)
    {
        options.Protocol = protocol;
        options.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }
}
