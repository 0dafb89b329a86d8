using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>
/// Moves the pending event rows of an activity partition into the tenant's event log, then deletes them. Runs after
/// every write that may have made one, and the first time a silo writes to a partition (a crash may have left rows).
/// A second hand-over of the same rows is harmless: the log refuses ids it holds. Rows are read in key order, which is
/// the order the changes were made, so an account's events enter the log in order.
/// </summary>
public sealed class ActivityEventRelay(IGrainFactory grains)
{
    /// <summary>Rows handed over per round; a partition with more takes several rounds.</summary>
    private const int RowsPerRound = 200;
    private const int MaxRounds = 25;
    private const int MaxKnownPartitions = 100_000;

    private readonly ConcurrentDictionary<string, byte> _flushed = new(StringComparer.Ordinal);

    /// <summary>Whether this silo has not yet looked for rows a crash may have left in the partition.</summary>
    internal bool NotYetFlushed(string partition) => !_flushed.ContainsKey(partition);

    /// <summary>Hands the partition's pending events to the log and deletes them; returns how many it handed over.</summary>
    internal async Task<int> FlushAsync(TableClient table, string tenantId, string partition, CancellationToken cancellationToken = default)
    {
        var total = 0;
        for (var round = 0; round < MaxRounds; round++)
        {
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(PendingEventRows.Filter(partition), RowsPerRound, cancellationToken: cancellationToken))
            {
                rows.Add(row);
                if (rows.Count == RowsPerRound)
                {
                    break;
                }
            }

            if (rows.Count > 0)
            {
                await grains.GetGrain<ITenantEventLog>(tenantId).AppendAsync([.. rows.Select(EventColumns.Read)]);
                await DeleteAsync(table, rows, cancellationToken);
                total += rows.Count;
            }

            if (rows.Count < RowsPerRound)
            {
                if (_flushed.Count >= MaxKnownPartitions)
                {
                    _flushed.Clear();
                }

                _flushed.TryAdd(partition, 0);
                break;
            }
        }

        return total;
    }

    private static async Task DeleteAsync(TableClient table, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // Another flush deleted some of them first: delete the rest one by one.
                foreach (var row in chunk)
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                }
            }
        }
    }
}
