using System.Collections.Immutable;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using MailGrains.Activities;
using MailGrains.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using MailGrains.Grains.Webhooks.Events;
using MailGrains.Mail.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Activities;

/// <summary>
/// Stores activities idempotently: a row that exists already is left alone, so a message fetched twice is
/// stored once and a later change to the activity (e.g. a move to spam) is never undone by a re-fetch.
/// Small raw messages travel inline in batch transactions; large ones become blobs before their row exists.
/// Only what a transaction actually inserted counts as stored (<see cref="MailGrainsMetrics.ActivitiesStored"/>).
/// </summary>
public sealed partial class ActivityStore(TableServiceClient tables, BlobServiceClient blobs, IOptions<ActivityStoreOptions> options, MailGrainsMetrics metrics, ILogger<ActivityStore> logger,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock, IActivityEventOutbox events)
{
    private const int MaxBatchActions = 100;

    /// <summary>Actions kept free in each transaction for the per-account counters (an owner rarely has more accounts).</summary>
    private const int CounterReserve = 8;
    private const long MaxBatchPayload = 3 * 1024 * 1024;
    private readonly ActivityCounters _counters = new();
    private readonly Lazy<Task<TableClient>> _table = new(async () =>
    {
        var table = tables.GetTableClient(options.Value.TableName);
        await table.CreateIfNotExistsAsync();
        return table;
    });

    private readonly Lazy<Task<BlobContainerClient>> _container = new(async () =>
    {
        var container = blobs.GetBlobContainerClient(options.Value.RawContainerName);
        await container.CreateIfNotExistsAsync();
        return container;
    });

    /// <summary>
    /// Stores the activities that are not stored yet; returns how many were new. When the tenant's subscriptions want
    /// <c>activity.created</c>, each new activity's event row goes into the same transaction (<see cref="PendingEventRows"/>),
    /// so a mail stored again makes no second event.
    /// </summary>
    internal async Task<int> AddAsync(IReadOnlyList<NewActivity> activities, CancellationToken cancellationToken = default)
    {
        if (activities.Count == 0)
        {
            return 0;
        }

        var interest = await events.InterestAsync(activities[0].Activity.TenantId);
        using var span = MailGrainsTracing.Source.StartActivity(MailGrainsTracing.StoreSpan);
        span?.SetTag("mailgrains.activities.count", activities.Count);
        var table = await _table.Value;
        var pending = new List<PendingActivity>();
        if (activities.Any(a => a.Activity.TenantId != activities[0].Activity.TenantId))
        {
            throw new ArgumentException("One call stores the activities of one tenant.", nameof(activities));
        }

        foreach (var item in activities.DistinctBy(a => (a.Activity.TenantId, a.Activity.OwnerUserId, a.Activity.Id)))
        {
            var activity = ActivityBounds.Fit(item.Activity);
            var blob = item.Raw.Length > options.Value.InlineRawLimit ? await UploadRawAsync(activity, item.Raw, cancellationToken) : null;
            pending.Add(new PendingActivity(activity, item.Raw, ActivityRows.Detail(activity, item.Raw, blob), ActivityRows.List(activity), CreatedEvent(activity, item.Raw, interest)));
        }

        var added = 0;
        foreach (var partition in pending.GroupBy(p => p.Detail.PartitionKey))
        {
            foreach (var batch in Batches(partition.ToList()))
            {
                var inserted = await InsertOrReduceAsync(table, batch, cancellationToken);
                var fetched = inserted.Count(a => a.Status is null);
                metrics.Stored(fetched, inserted.Count - fetched);
                added += inserted.Count;
            }

            // The events of what was stored go to the tenant's log before the caller hears it was stored; if that fails,
            // the caller's retry stores nothing new and hands them over then, so an account's events stay in order.
            await events.AfterWriteAsync(table, activities[0].Activity.TenantId, partition.Key, interest, cancellationToken);
        }

        span?.SetTag("mailgrains.activities.stored", added);
        return added;
    }

    public async Task<ActivityPage> ListAsync(string tenantId, string ownerUserId, ActivityFolder folder, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var table = await _table.Value;
        var prefix = ActivityRows.ListPrefix(folder);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ActivityRows.Partition(tenantId, ownerUserId)} and RowKey gt {prefix} and RowKey lt {prefix[..^1] + "}"}");
        var continuation = cursor is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
        await foreach (var page in table.QueryAsync<TableEntity>(filter, limit, cancellationToken: cancellationToken).AsPages(continuation, limit))
        {
            var items = page.Values.Select(ActivityRows.ReadActivity).ToImmutableArray();
            var next = page.ContinuationToken is { } token ? Convert.ToBase64String(Encoding.UTF8.GetBytes(token)) : null;
            return new ActivityPage(items, next);
        }

        return new ActivityPage([], null);
    }

    public async Task<Activity?> GetAsync(string tenantId, string ownerUserId, string id, CancellationToken cancellationToken = default)
    {
        var row = await DetailAsync(tenantId, ownerUserId, id, [ActivityRowsColumns.Activity], cancellationToken);
        return row is null ? null : ActivityRows.ReadActivity(row);
    }

    /// <summary>The raw message exactly as the server held it, or null when there is no such activity.</summary>
    public async Task<byte[]?> GetRawAsync(string tenantId, string ownerUserId, string id, CancellationToken cancellationToken = default)
    {
        var row = await DetailAsync(tenantId, ownerUserId, id, null, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var (inline, blob) = ActivityRows.ReadRaw(row);
        if (inline is not null)
        {
            return inline;
        }

        var container = await _container.Value;
        return (await container.GetBlobClient(blob).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
    }

    private async Task<TableEntity?> DetailAsync(string tenantId, string ownerUserId, string id, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var table = await _table.Value;
        var response = await table.GetEntityIfExistsAsync<TableEntity>(ActivityRows.Partition(tenantId, ownerUserId), ActivityRows.DetailKey(id), select, cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Inserts a batch in one transaction together with the per-account counters, so a count can never
    /// miss a stored activity or count one twice. When some activities exist already, inserts only the
    /// rest; when a counter changed in between, reads it again. Returns the activities it inserted.
    /// </summary>
    private async Task<IReadOnlyList<Activity>> InsertNewAsync(TableClient table, List<PendingActivity> batch, CancellationToken cancellationToken)
    {
        while (batch.Count > 0)
        {
            var partition = batch[0].Detail.PartitionKey;
            // Only fetched activities count; mail sent through the API (it carries a delivery status) does not.
            var counters = await Task.WhenAll(batch.Where(b => b.Activity.Status is null).GroupBy(b => b.Activity.AccountId).Select(async g =>
                ActivityRows.Counter(partition, g.Key, await _counters.CurrentAsync(table, partition, g.Key, cancellationToken), g.Count())));
            var rows = batch.SelectMany(b => b.Rows()).ToList();
            var actions = rows.Concat(counters).ToList();
            try
            {
                var response = await table.SubmitTransactionAsync(actions, cancellationToken);
                for (var i = 0; i < counters.Length; i++)
                {
                    _counters.Written((TableEntity)counters[i].Entity, response.Value[rows.Count + i].Headers.ETag);
                }

                return [.. batch.Select(b => b.Activity)];
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && ex.FailedTransactionActionIndex >= rows.Count)
            {
                _counters.Forget(partition); // a counter moved under us (or was erased): read it again
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                var exists = await Task.WhenAll(batch.Select(async b =>
                    (await table.GetEntityIfExistsAsync<TableEntity>(b.Detail.PartitionKey, b.Detail.RowKey, [ActivityRowsColumns.RowKey], cancellationToken)).HasValue));
                batch = [.. batch.Where((_, i) => !exists[i])];
            }
        }

        return [];
    }

    /// <summary>
    /// Inserts a batch; when storage refuses its content (not a conflict, not an outage), finds the activity it
    /// refuses by halving the batch and stores that one in its reduced form with its raw message as a blob. So one
    /// message storage cannot take never blocks the messages after it, and none is skipped. An outage still fails
    /// the batch, so that the cursor stays and the fetch is repeated.
    /// </summary>
    private async Task<IReadOnlyList<Activity>> InsertOrReduceAsync(TableClient table, List<PendingActivity> batch, CancellationToken cancellationToken)
    {
        try
        {
            return await InsertNewAsync(table, batch, cancellationToken);
        }
        catch (RequestFailedException ex) when (IsRefusedContent(ex))
        {
            if (batch.Count > 1)
            {
                var half = batch.Count / 2;
                return [.. await InsertOrReduceAsync(table, batch[..half], cancellationToken), .. await InsertOrReduceAsync(table, batch[half..], cancellationToken)];
            }

            var single = batch[0];
            var reduced = ActivityBounds.Reduced(single.Activity);
            LogStoredReduced(logger, reduced.TenantId, reduced.AccountId, reduced.Id, ex.Status, ex.ErrorCode);
            var blob = await UploadRawAsync(reduced, single.Raw, cancellationToken);
            return await InsertNewAsync(table, [single with { Activity = reduced, Detail = ActivityRows.Detail(reduced, single.Raw, blob), List = ActivityRows.List(reduced) }], cancellationToken);
        }
    }

    /// <summary>Storage refused what was sent (too large, malformed), as opposed to a conflict, throttling or an outage.</summary>
    private static bool IsRefusedContent(RequestFailedException ex) => ex.Status is 400 or 413;

    private async Task<string> UploadRawAsync(Activity activity, byte[] raw, CancellationToken cancellationToken)
    {
        var blob = BlobName(activity);
        var container = await _container.Value;
        await container.GetBlobClient(blob).UploadAsync(BinaryData.FromBytes(raw), overwrite: true, cancellationToken);
        return blob;
    }

    /// <summary>Which of the ids are stored for the owner.</summary>
    public async Task<IReadOnlySet<string>> ExistingAsync(string tenantId, string ownerUserId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        var table = await _table.Value;
        var partition = ActivityRows.Partition(tenantId, ownerUserId);
        var found = await Task.WhenAll(ids.Distinct().Select(async id =>
            (id, (await table.GetEntityIfExistsAsync<TableEntity>(partition, ActivityRows.DetailKey(id), [ActivityRowsColumns.RowKey], cancellationToken)).HasValue)));
        return found.Where(f => f.HasValue).Select(f => f.id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>How many fetched activities an account has stored for the owner, exactly.</summary>
    public async Task<long> CountAsync(string tenantId, string ownerUserId, string accountId, CancellationToken cancellationToken = default)
    {
        var table = await _table.Value;
        var row = await table.GetEntityIfExistsAsync<TableEntity>(ActivityRows.Partition(tenantId, ownerUserId), ActivityRows.CounterKey(accountId), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } counter ? ActivityRows.CounterValue(counter) : 0;
    }

    private static TableTransactionAction Add(TableEntity entity) => new(TableTransactionActionType.Add, entity);

    private WebhookEvent? CreatedEvent(Activity activity, byte[] raw, EventInterest interest)
    {
        if (!interest.WantsCreated)
        {
            return null;
        }

        var body = interest.TextBytes > 0 ? MessageDigester.Digest(raw).TextBody : null;
        var text = EventColumns.Cut(body, Math.Min(interest.TextBytes, EventColumns.MaxTextBytes));
        return WebhookEventData.ActivityCreated(activity, text, clock.GetUtcNow(), textCut: text?.Length < body?.Length);
    }

    private static IEnumerable<List<PendingActivity>> Batches(List<PendingActivity> rows)
    {
        var batch = new List<PendingActivity>();
        long payload = 0;
        var actions = 0;
        foreach (var row in rows)
        {
            var size = row.Rows().Sum(r => ActivityRows.EstimatedPayload((TableEntity)r.Entity));
            if (batch.Count > 0 && (actions + row.RowCount + CounterReserve > MaxBatchActions || payload + size > MaxBatchPayload))
            {
                yield return batch;
                batch = [];
                payload = 0;
                actions = 0;
            }

            batch.Add(row);
            payload += size;
            actions += row.RowCount;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private static string BlobName(Activity activity) => $"{activity.TenantId}/{activity.OwnerUserId}/{activity.Id}.eml";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {Tenant}/{Account}/{Id}: storage refused it ({Status} {ErrorCode}); stored in its reduced form with the raw message")]
    private static partial void LogStoredReduced(ILogger logger, string tenant, string account, string id, int status, string? errorCode);

    /// <summary>An activity on its way into a transaction: bounded, with its raw message and the rows made of it (its event's too, when one is wanted).</summary>
    private sealed record PendingActivity(Activity Activity, byte[] Raw, TableEntity Detail, TableEntity List, WebhookEvent? Event)
    {
        public int RowCount => Event is null ? 2 : 3;

        public IEnumerable<TableTransactionAction> Rows()
        {
            yield return Add(Detail);
            yield return Add(List);
            if (Event is { } e)
            {
                yield return PendingEventRows.Insert(Detail.PartitionKey, e);
            }
        }
    }

    private static class ActivityRowsColumns
    {
        public const string Activity = "Activity";
        public const string RowKey = "RowKey";
    }
}
