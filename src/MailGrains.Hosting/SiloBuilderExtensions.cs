using System.Net;
using Azure.Data.Tables;
using MailGrains.Grains.Activities;
using MailGrains.Grains.Network;
using MailGrains.Grains.Tenants;
using MailGrains.Grains.Webhooks.Events;
using MailGrains.Grains.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace MailGrains.Hosting;

/// <summary>Wires a silo to the configured storage account and cluster.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Grain state and reminders in Azure Tables of the configured storage account.</summary>
    /// <remarks>Used by the silo host and by the test cluster, so both run the same providers.</remarks>
    public static ISiloBuilder UseMailGrainsStorage(this ISiloBuilder silo)
    {
        silo.Services.AddMailGrainsStorageClients();
        // Orleans' own serializer: version-tolerant through the [Id]s on every state member, and it handles
        // every [GenerateSerializer] type (immutable collections included), which the JSON default does not.
        silo.AddAzureTableGrainStorage(StorageNames.Grains, options => options.Configure<TableServiceClient, IOptions<MailGrainsStorageOptions>, Serializer>(
            (o, tables, storage, serializer) =>
            {
                o.TableServiceClient = tables;
                o.TableName = storage.Value.GrainStateTable;
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);

                // A cleared state (a deleted account, user, outbox or tenant) leaves no row behind, not even its key.
                o.DeleteStateOnClear = true;
            }));
        silo.Services.AddOptions<ActivityStoreOptions>().Configure<IOptions<MailGrainsStorageOptions>>((o, storage) =>
        {
            o.TableName = storage.Value.ActivitiesTable;
            o.RawContainerName = storage.Value.BlobContainer("raw");
        });
        silo.Services.AddOptions<EventLogOptions>().Configure<IOptions<MailGrainsStorageOptions>>((o, storage) => o.TableName = storage.Value.EventsTable);
        silo.Services.AddOptions<TenantDirectoryOptions>().Configure<IOptions<MailGrainsStorageOptions>>((o, storage) => o.TableName = storage.Value.DirectoryTable);
        silo.Services.AddOptions<OutboxOptions>().Configure<IOptions<MailGrainsStorageOptions>>((o, storage) => o.IdempotencyTableName = storage.Value.IdempotencyTable);
        silo.UseAzureTableReminderService(options => options.Configure<TableServiceClient, IOptions<MailGrainsStorageOptions>>(
            (o, tables, storage) =>
            {
                o.TableServiceClient = tables;
                o.TableName = storage.Value.RemindersTable;
            }));
        return silo;
    }

    /// <summary>Cluster membership in an Azure Table of the configured storage account.</summary>
    public static ISiloBuilder UseMailGrainsClustering(this ISiloBuilder silo)
    {
        silo.Services.AddMailGrainsStorageClients();
        silo.UseAzureStorageClustering(options => options.Configure<TableServiceClient, IOptions<MailGrainsStorageOptions>>(
            (o, tables, storage) =>
            {
                o.TableServiceClient = tables;
                o.TableName = storage.Value.MembershipTable;
            }));
        return silo;
    }

    /// <summary>Cluster identity and endpoints from <see cref="MailGrainsClusterOptions"/>.</summary>
    public static ISiloBuilder UseMailGrainsClusterEndpoints(this ISiloBuilder silo)
    {
        silo.Services.AddValidatedOptions<MailGrainsClusterOptions>(MailGrainsClusterOptions.SectionName);
        silo.Services.AddOptions<ClusterOptions>().Configure<IOptions<MailGrainsClusterOptions>>((o, cluster) =>
        {
            o.ClusterId = cluster.Value.ClusterId;
            o.ServiceId = cluster.Value.ServiceId;
        });
        silo.Services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<MailGrainsClusterOptions>>((o, cluster) => cluster.Value.ApplyTo(o));
        silo.Services.AddOptions<SiloOptions>().Configure<IOptions<MailGrainsClusterOptions>>((o, cluster) =>
        {
            if (cluster.Value.SiloName.Trim() is { Length: > 0 } name)
            {
                o.SiloName = name;
            }
        });
        // No tenant's mail server may be the cluster itself, on any address.
        silo.Services.DenyOutboundPorts<IOptions<MailGrainsClusterOptions>>(c => [c.Value.SiloPort, c.Value.GatewayPort]);
        silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<MailGrainsClusterOptions>>((o, cluster) =>
        {
            var settings = cluster.Value;
            var address = IPAddress.Parse(settings.AdvertisedAddress);
            o.AdvertisedIPAddress = address;
            o.SiloPort = settings.SiloPort;
            o.GatewayPort = settings.GatewayPort;
            var listenOn = settings.ListenOnAnyAddress ? IPAddress.Any : address;
            o.SiloListeningEndpoint = new IPEndPoint(listenOn, settings.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(listenOn, settings.GatewayPort);
        });
        return silo;
    }
}
