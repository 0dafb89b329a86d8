using MailGrains.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailGrains.Hosting;

/// <summary>The whole silo of the silo host, so that tests can start exactly the same silo in-process.</summary>
public static class SiloHostBuilderExtensions
{
    public const string DefaultServiceName = "mailgrains-silo";

    /// <summary>One silo of the cluster named in configuration, on the configured storage account; <paramref name="configureSilo"/> adds to it.</summary>
    public static IHostApplicationBuilder AddMailGrainsSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configureSilo = null)
    {
        // Orleans hands activations over and leaves the membership table cleanly only when it is given time to stop.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90));
        builder.Services.AddMailGrainsGrainServices();
        builder.AddMailGrainsTelemetry(DefaultServiceName);
        builder.UseOrleans(silo =>
        {
            silo.UseMailGrainsClusterEndpoints()
                .UseMailGrainsClusterTls()
                .UseMailGrainsClustering()
                .UseMailGrainsStorage()
                .AddActivityPropagation();
            configureSilo?.Invoke(silo);
        });
        return builder;
    }
}
