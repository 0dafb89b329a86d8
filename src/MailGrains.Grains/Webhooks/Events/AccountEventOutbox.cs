using MailGrains.Accounts;
using MailGrains.Grains.Accounts;
using MailGrains.Grains.Fetching;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>
/// The account events' outbox: what a fetch's progress means for <c>account.error</c> (the first failure after a good
/// fetch), <c>account.recovered</c> (the first good fetch after failures) and <c>account.mailboxReset</c> (a folder's
/// UIDVALIDITY changed), kept in <see cref="SyncState.PendingEvents"/> so it is saved in the same state write as the
/// change; after the write the account grain hands them to the tenant's log (<see cref="HandOverAsync"/>).
/// </summary>
internal static class AccountEventOutbox
{
    /// <summary>Events kept while the log does not take them; the oldest go first beyond this.</summary>
    public const int MaxPending = 50;

    /// <summary>Applies the progress to the state and notes the events it makes.</summary>
    public static void Apply(SyncState sync, FetchProgress progress, string accountId, DateTimeOffset now)
    {
        var failuresBefore = sync.ConsecutiveFailures;
        FolderPosition? cursorBefore = progress is CursorAdvanced advanced ? sync.Cursors.GetValueOrDefault(advanced.Folder) : null;
        sync.Apply(progress);
        var e = progress switch
        {
            FetchEnded { Error: { } error } ended when failuresBefore == 0 => WebhookEventData.AccountError(accountId, error, sync.ConsecutiveFailures, now, ended.ErrorCode),
            FetchEnded { Error: null } when failuresBefore > 0 => WebhookEventData.AccountRecovered(accountId, now),
            CursorAdvanced a when cursorBefore is { UidValidity: not 0 } before && a.Position.UidValidity != 0 && a.Position.UidValidity != before.UidValidity
                => WebhookEventData.AccountMailboxReset(accountId, a.Folder, before.UidValidity, a.Position.UidValidity, now),
            _ => null,
        };
        if (e is not null)
        {
            sync.PendingEvents.Add(e);
            if (sync.PendingEvents.Count > MaxPending)
            {
                sync.PendingEvents.RemoveRange(0, sync.PendingEvents.Count - MaxPending);
            }
        }
    }

    /// <summary>
    /// Hands the saved pending events to the tenant's log and forgets them (the next state write saves that). A crash
    /// before that write hands them over again, and the log refuses what it holds. Call only after the state write.
    /// </summary>
    public static async Task HandOverAsync(SyncState sync, IGrainFactory grains, string tenantId)
    {
        if (sync.PendingEvents.Count == 0)
        {
            return;
        }

        var events = sync.PendingEvents.ToList();
        await grains.GetGrain<ITenantEventLog>(tenantId).AppendAsync([.. events]);
        sync.PendingEvents.RemoveAll(events.Contains);
    }
}
