using Azure;
using Azure.Data.Tables;
using MailGrains.Activities;
using MailGrains.Grains.Webhooks.Events;
using Microsoft.Extensions.Logging;

namespace MailGrains.Grains.Activities;

/// <summary>Changes to stored activities (a move to spam, an outgoing mail's delivery status), each one transaction.</summary>
public sealed partial class ActivityStore
{
    /// <summary>
    /// Moves an activity to another folder view in one transaction: the detail row's folder, the old list
    /// row out, the new one in. Returns the moved activity, or null when there is no such activity.
    /// </summary>
    internal Task<Activity?> MoveAsync(string tenantId, string ownerUserId, string id, ActivityFolder folder, CancellationToken cancellationToken = default)
        => ChangeAsync(tenantId, ownerUserId, id, a => a with { Folder = folder }, cancellationToken);

    /// <summary>Sets an outgoing activity's delivery status on its detail and list rows; false when there is no such activity.</summary>
    internal async Task<bool> SetStatusAsync(string tenantId, string ownerUserId, string id, DeliveryStatus status, string? detail, CancellationToken cancellationToken = default)
        => await ChangeAsync(tenantId, ownerUserId, id, a => a with { Status = status, StatusDetail = detail }, cancellationToken) is not null;

    /// <summary>
    /// Rewrites a stored activity in one transaction: the detail row (conditional on the version read) and
    /// its list row, moved to another folder view when the change moves it, and the <c>activity.updated</c> event when
    /// it is wanted. Null when there is no such activity; an activity the change leaves as it was makes no event.
    /// </summary>
    private async Task<Activity?> ChangeAsync(string tenantId, string ownerUserId, string id, Func<Activity, Activity> change, CancellationToken cancellationToken)
    {
        var interest = await events.InterestAsync(tenantId);
        var table = await _table.Value;
        var partition = ActivityRows.Partition(tenantId, ownerUserId);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, ActivityRows.DetailKey(id), [ActivityRowsColumns.Activity], cancellationToken);
        if (!row.HasValue || row.Value is not { } detail)
        {
            return null;
        }

        var before = ActivityRows.ReadActivity(detail);
        var after = ActivityBounds.Fit(change(before));
        if (after == before)
        {
            return after;
        }

        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateMerge, ActivityRows.ActivityOnly(after, ActivityRows.DetailKey(id)), detail.ETag)];
        if (after.Folder == before.Folder)
        {
            actions.Add(new(TableTransactionActionType.UpdateMerge, ActivityRows.List(after), Azure.ETag.All));
        }
        else
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, ActivityRows.ListKey(before.Folder, id)), Azure.ETag.All));
            actions.Add(Add(ActivityRows.List(after)));
        }

        if (interest.WantsUpdated)
        {
            actions.Add(PendingEventRows.Insert(partition, WebhookEventData.ActivityUpdated(after, clock.GetUtcNow())));
        }

        await table.SubmitTransactionAsync(actions, cancellationToken);
        try
        {
            await events.AfterWriteAsync(table, tenantId, partition, interest, cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or OrleansException or TimeoutException)
        {
            // The change is made and its event row stays: the next write to this partition hands it over.
            LogEventsLeftPending(logger, tenantId, ownerUserId, ex.Message);
        }

        return after;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity events of {Tenant}/{User} stay pending: the event log did not take them ({Reason}); the next write hands them over")]
    private static partial void LogEventsLeftPending(ILogger logger, string tenant, string user, string reason);
}
