using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MailGrains.Hosting.Health;

/// <summary>Reachability of the storage account's table and blob services, as health checks.</summary>
public static class StorageHealthCheckExtensions
{
    public const string TablesCheck = "table-storage";

    public const string BlobsCheck = "blob-storage";

    /// <summary>
    /// <see cref="TablesCheck"/>: the first page of a query for the membership table; <see cref="BlobsCheck"/>: whether the
    /// raw-mail container exists. Both use the process's storage clients (<see cref="StorageServiceCollectionExtensions.AddMailGrainsStorageClients"/>).
    /// </summary>
    public static IHealthChecksBuilder AddMailGrainsStorageChecks(this IHealthChecksBuilder checks, params string[] tags)
    {
        checks.Services.AddMailGrainsStorageClients();
        checks.Add(new HealthCheckRegistration(TablesCheck, sp => new StorageReachabilityCheck("Azure Table storage", async cancellationToken =>
        {
            var membership = sp.GetRequiredService<IOptions<MailGrainsStorageOptions>>().Value.MembershipTable;
            await foreach (var _ in sp.GetRequiredService<TableServiceClient>().QueryAsync(t => t.Name == membership, 1, cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }
        }), failureStatus: null, tags));
        checks.Add(new HealthCheckRegistration(BlobsCheck, sp => new StorageReachabilityCheck("Azure Blob storage", async cancellationToken =>
        {
            var container = sp.GetRequiredService<IOptions<MailGrainsStorageOptions>>().Value.BlobContainer("raw");
            await sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(container).ExistsAsync(cancellationToken);
        }), failureStatus: null, tags));
        return checks;
    }
}
