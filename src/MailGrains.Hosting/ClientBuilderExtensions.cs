using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MailGrains.Hosting;

/// <summary>Wires an Orleans client (the gateway) to the cluster named in configuration.</summary>
public static class ClientBuilderExtensions
{
    /// <summary>Finds the cluster's gateways in the membership table and keeps retrying until one answers; mutual TLS per <see cref="ClusterTlsOptions"/>; propagates traces.</summary>
    public static IClientBuilder UseMailGrainsCluster(this IClientBuilder client)
    {
        client.Services.AddMailGrainsStorageClients();
        client.Services.AddValidatedOptions<MailGrainsClusterOptions>(MailGrainsClusterOptions.SectionName);
        client.Services.AddOptions<ClusterOptions>().Configure<IOptions<MailGrainsClusterOptions>>((o, cluster) =>
        {
            o.ClusterId = cluster.Value.ClusterId;
            o.ServiceId = cluster.Value.ServiceId;
        });
        client.UseMailGrainsClusterTls();
        client.UseAzureStorageClustering(options => options.Configure<TableServiceClient, IOptions<MailGrainsStorageOptions>>(
            (o, tables, storage) =>
            {
                o.TableServiceClient = tables;
                o.TableName = storage.Value.MembershipTable;
            }));
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
        client.UseConnectionRetryFilter<RetryUntilStoppedFilter>();
        // The caller's trace context travels with each grain call, so a request and the grain work it causes are one trace.
        client.AddActivityPropagation();
        return client;
    }
}
