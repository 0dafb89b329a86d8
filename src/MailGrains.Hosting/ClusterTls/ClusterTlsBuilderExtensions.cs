using MailGrains.Hosting.ClusterTls;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace MailGrains.Hosting;

/// <summary>Puts every connection of a silo or client of the cluster under mutual TLS, per <see cref="ClusterTlsOptions"/>.</summary>
public static class ClusterTlsBuilderExtensions
{
    /// <summary>The silo's silo and gateway ports accept only cluster certificates; it calls other silos with its own.</summary>
    public static ISiloBuilder UseMailGrainsClusterTls(this ISiloBuilder silo)
    {
        AddClusterCertificates(silo.Services);
        silo.Configure<SiloConnectionOptions>(o =>
        {
            o.ConfigureSiloInboundConnection(connection => connection.UseClusterTls(accepting: true));
            o.ConfigureGatewayInboundConnection(connection => connection.UseClusterTls(accepting: true));
            o.ConfigureSiloOutboundConnection(connection => connection.UseClusterTls(accepting: false));
        });
        return silo;
    }

    /// <summary>The client presents its cluster certificate and accepts only silos with one.</summary>
    public static IClientBuilder UseMailGrainsClusterTls(this IClientBuilder client)
    {
        AddClusterCertificates(client.Services);
        client.Configure<ClientConnectionOptions>(o => o.ConfigureConnection(connection => connection.UseClusterTls(accepting: false)));
        return client;
    }

    private static void AddClusterCertificates(IServiceCollection services)
    {
        services.AddValidatedOptions<ClusterTlsOptions>(ClusterTlsOptions.SectionName);
        services.AddSingleton<ClusterCertificates>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ClusterConnectionRefusals>();
        services.AddSingleton<ClusterCertificateFiles>();
        services.AddHostedService<ClusterTlsOffWarning>();
    }

    private static void UseClusterTls(this IConnectionBuilder connection, bool accepting)
    {
        var certificates = connection.ApplicationServices.GetRequiredService<ClusterCertificates>();
        if (!certificates.Enabled)
        {
            return;
        }

        if (accepting)
        {
            connection.UseServerTls(certificates.Accepting());
        }
        else
        {
            connection.UseClientTls(certificates.Connecting());
        }
    }
}
