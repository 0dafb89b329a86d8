using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace MailGrains.Grains.Activities;

/// <summary>
/// The per-account activity counters as this silo last wrote or read them, with their versions, so that storing a
/// batch does not first read each counter back. A counter someone else changed meanwhile (another silo, an erasure)
/// fails the batch's transaction on its version; the batch then reads it and tries again, so a stale entry costs a
/// retry, never a wrong count.
/// </summary>
internal sealed class ActivityCounters
{
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<(string Partition, string Account), TableEntity> _known = new();

    /// <summary>The counter row as last known here, else as storage has it now (null when there is none).</summary>
    public async Task<TableEntity?> CurrentAsync(TableClient table, string partition, string accountId, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue((partition, accountId), out var known))
        {
            return known;
        }

        var read = await table.GetEntityIfExistsAsync<TableEntity>(partition, ActivityRows.CounterKey(accountId), cancellationToken: cancellationToken);
        return read.HasValue ? read.Value : null;
    }

    /// <summary>After a transaction wrote <paramref name="row"/>: keeps it with the version storage gave it.</summary>
    public void Written(TableEntity row, ETag? version)
    {
        if (version is not { } etag)
        {
            Forget(row.PartitionKey, row.RowKey);
            return;
        }

        if (_known.Count >= MaxEntries)
        {
            _known.Clear();
        }

        row.ETag = etag;
        _known[(row.PartitionKey, AccountOf(row.RowKey))] = row;
    }

    /// <summary>Forgets what is known of a partition's counters (a transaction failed on one, or the partition is erased).</summary>
    public void Forget(string partition)
    {
        foreach (var key in _known.Keys.Where(k => k.Partition == partition))
        {
            _known.TryRemove(key, out _);
        }
    }

    private void Forget(string partition, string counterKey) => _known.TryRemove((partition, AccountOf(counterKey)), out _);

    private static string AccountOf(string counterKey) => counterKey[ActivityRows.CounterKey("").Length..];
}
