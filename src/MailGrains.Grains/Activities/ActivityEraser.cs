using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Activities;

/// <summary>
/// Erases stored activities: the rows of a user's partition <c>{tenant}|{user}</c> (or of every partition of a tenant)
/// and their raw-mail blobs <c>{tenant}/{user}/…</c>. Each call removes at most a given number of rows and blobs,
/// so a caller can spread a large erasure over bounded steps and resume it after a crash; deleting what is gone
/// already is no error.
/// </summary>
public sealed class ActivityEraser(TableServiceClient tables, BlobServiceClient blobs, IOptions<ActivityStoreOptions> options)
{
    private const int MaxBatchActions = 100;

    /// <summary>Erases up to <paramref name="maxItems"/> rows and blobs of the user; true when nothing is left.</summary>
    public Task<bool> EraseUserAsync(string tenantId, string userId, int maxItems, CancellationToken cancellationToken = default)
    {
        var partition = ActivityRows.Partition(tenantId, userId);
        return EraseAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), $"{tenantId}/{userId}/", maxItems, cancellationToken);
    }

    /// <summary>Erases up to <paramref name="maxItems"/> rows and blobs of all the tenant's users; true when nothing is left.</summary>
    public Task<bool> EraseTenantAsync(string tenantId, int maxItems, CancellationToken cancellationToken = default)
    {
        // Ids have no '|' or '}', and '}' follows '|': this range holds exactly the partitions "{tenant}|…".
        var first = ActivityRows.Partition(tenantId, "");
        var after = tenantId + "}";
        return EraseAsync(TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey lt {after}"), $"{tenantId}/", maxItems, cancellationToken);
    }

    private async Task<bool> EraseAsync(string filter, string blobPrefix, int maxItems, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(options.Value.TableName);
        var rows = new List<(string Partition, string Row)>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(maxItems, 1000), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                rows.Add((row.PartitionKey, row.RowKey));
                if (rows.Count == maxItems)
                {
                    break;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No activity was ever stored: the table does not exist.
        }

        foreach (var partition in rows.GroupBy(r => r.Partition))
        {
            foreach (var chunk in partition.Chunk(MaxBatchActions))
            {
                await DeleteRowsAsync(table, chunk, cancellationToken);
            }
        }

        var container = blobs.GetBlobContainerClient(options.Value.RawContainerName);
        var blobCount = 0;
        if (await container.ExistsAsync(cancellationToken))
        {
            await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, blobPrefix, cancellationToken))
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
                if (++blobCount == maxItems)
                {
                    break;
                }
            }
        }

        return rows.Count < maxItems && blobCount < maxItems;
    }

    /// <summary>One transaction per chunk; when another eraser removed a row first, row by row.</summary>
    private static async Task DeleteRowsAsync(TableClient table, (string Partition, string Row)[] rows, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.Partition, r.Row), ETag.All)), cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            foreach (var (partition, row) in rows)
            {
                try
                {
                    await table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
                }
                catch (RequestFailedException gone) when (gone.Status == 404)
                {
                    // Removed meanwhile.
                }
            }
        }
    }
}
