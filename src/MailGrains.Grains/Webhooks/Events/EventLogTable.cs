using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>
/// Reads and writes the tenants' event logs. Only a tenant's <see cref="TenantEventLogGrain"/> appends to its
/// partition; delivery reads it directly.
/// </summary>
public sealed class EventLogTable(TableServiceClient tables, IOptions<EventLogOptions> options)
{
    /// <summary>Events per append transaction: two rows each, plus the sequence row, within the 100 actions of a batch.</summary>
    public const int EventsPerTransaction = 40;

    private const long MaxTransactionPayload = 3 * 1024 * 1024;

    private readonly Lazy<Task<TableClient>> _table = new(async () =>
    {
        var table = tables.GetTableClient(options.Value.TableName);
        await table.CreateIfNotExistsAsync();
        return table;
    });

    /// <summary>The last sequence number used and the row's version (null when the log is empty).</summary>
    internal async Task<(long Last, ETag? Version)> LastSequenceAsync(string tenantId)
    {
        var table = await _table.Value;
        var row = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, EventLogRows.SequenceKey);
        return row.HasValue && row.Value is { } value ? (EventLogRows.LastOf(value), value.ETag) : (0, null);
    }

    /// <summary>Which of the event ids the log holds already.</summary>
    internal async Task<HashSet<string>> KnownAsync(string tenantId, IEnumerable<string> eventIds)
    {
        var table = await _table.Value;
        var found = await Task.WhenAll(eventIds.Distinct().Select(async id =>
            (id, (await table.GetEntityIfExistsAsync<TableEntity>(tenantId, EventLogRows.IdKey(id), ["RowKey"])).HasValue)));
        return found.Where(f => f.HasValue).Select(f => f.id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Appends events numbered from <paramref name="last"/> + 1 in one transaction with their id rows and the new last
    /// number (conditional on <paramref name="version"/>). Returns the new last number and version.
    /// </summary>
    internal async Task<(long Last, ETag Version)> AppendAsync(string tenantId, long last, ETag? version, IReadOnlyList<WebhookEvent> events)
    {
        var table = await _table.Value;
        var actions = new List<TableTransactionAction>(events.Count * 2 + 1);
        var sequence = last;
        foreach (var e in events)
        {
            sequence++;
            actions.Add(new(TableTransactionActionType.Add, EventColumns.Row(tenantId, EventLogRows.EventKey(sequence), e)));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(tenantId, EventLogRows.IdKey(e.Id)) { ["Sequence"] = sequence }));
        }

        var counter = EventLogRows.Sequence(tenantId, sequence);
        actions.Add(version is { } etag
            ? new(TableTransactionActionType.UpdateReplace, counter, etag)
            : new(TableTransactionActionType.Add, counter));
        var response = await table.SubmitTransactionAsync(actions);
        var counterResponse = response.Value[^1];
        return (sequence, counterResponse.Headers.ETag ?? ETag.All);
    }

    /// <summary>Splits events into append transactions bounded by count and size.</summary>
    internal static IEnumerable<List<WebhookEvent>> Transactions(IEnumerable<WebhookEvent> events)
    {
        var chunk = new List<WebhookEvent>();
        long payload = 0;
        foreach (var e in events)
        {
            var size = 1024 + ((e.Data.Length + (e.Text?.Length * 3 ?? 0)) * 4L / 3);
            if (chunk.Count > 0 && (chunk.Count == EventsPerTransaction || payload + size > MaxTransactionPayload))
            {
                yield return chunk;
                chunk = [];
                payload = 0;
            }

            chunk.Add(e);
            payload += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>Up to <paramref name="max"/> events after <paramref name="sequence"/>, in order.</summary>
    internal async Task<IReadOnlyList<LoggedEvent>> ReadAfterAsync(string tenantId, long sequence, int max, CancellationToken cancellationToken = default)
    {
        var table = await _table.Value;
        var events = new List<LoggedEvent>();
        await foreach (var row in table.QueryAsync<TableEntity>(EventLogRows.EventsAfter(tenantId, sequence), Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            events.Add(new LoggedEvent(EventLogRows.SequenceOf(row.RowKey), EventColumns.Read(row)));
            if (events.Count >= max)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>The number just before the first kept event that happened at or after <paramref name="since"/>, and how many events follow it.</summary>
    internal async Task<(long Before, int Count)> PositionAtAsync(string tenantId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var table = await _table.Value;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {"e|"} and RowKey lt {"e}"} and OccurredAt ge {since}");
        long? first = null;
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, ["RowKey"], cancellationToken))
        {
            first ??= EventLogRows.SequenceOf(row.RowKey);
            count++;
        }

        return (first is { } f ? f - 1 : long.MaxValue, count);
    }

    /// <summary>
    /// Deletes up to <paramref name="max"/> of the oldest events that happened before <paramref name="cutoff"/>, with their
    /// id rows. Both kinds of row sort oldest first (sequence numbers; event ids begin with their time), so it reads
    /// from the start and stops at the first row to keep.
    /// </summary>
    internal async Task<int> ExpireAsync(string tenantId, DateTimeOffset cutoff, int max, CancellationToken cancellationToken = default)
    {
        var table = await _table.Value;
        var deleted = 0;
        var events = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {"e|"} and RowKey lt {"e}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(events, 100, ["RowKey", "OccurredAt"], cancellationToken))
        {
            if (deleted >= max || !(row.GetDateTimeOffset("OccurredAt") < cutoff))
            {
                break;
            }

            await table.DeleteEntityAsync(tenantId, row.RowKey, ETag.All, cancellationToken);
            deleted++;
        }

        var ids = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {"i|"} and RowKey lt {"i}"}");
        await foreach (var row in table.QueryAsync<TableEntity>(ids, 100, ["RowKey"], cancellationToken))
        {
            if (deleted >= max || !(WebhookEventIds.TimeOf(row.RowKey[2..]) < cutoff))
            {
                break;
            }

            await table.DeleteEntityAsync(tenantId, row.RowKey, ETag.All, cancellationToken);
            deleted++;
        }

        return deleted;
    }

    /// <summary>Deletes the tenant's whole log (the tenant's purge); returns how many rows it deleted.</summary>
    internal async Task<int> DeleteTenantAsync(string tenantId, int max, CancellationToken cancellationToken = default)
    {
        var table = await _table.Value;
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == tenantId, 100, ["PartitionKey", "RowKey"], cancellationToken))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            if (++deleted >= max)
            {
                break;
            }
        }

        return deleted;
    }
}
