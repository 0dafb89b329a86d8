using MailGrains.Activities;
using MailGrains.Grains.Accounts;
using MailGrains.Grains.Activities;
using MailGrains.Grains.Retry;
using MailGrains.Grains.Secrets;
using MailGrains.Mail.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Sending;

/// <summary>
/// One delivery run of an outbox's due entries. Each entry goes through two steps that never overlap:
/// the SMTP attempt (only while the entry has no <see cref="OutboxEntry.Outcome"/>), and, once the server
/// answered, the bookkeeping (sent-folder copy, activity status, idempotency row, leaving the queue), which
/// is retried on its own when storage fails and never sends again. Before an attempt the stored activity is
/// read: when it already says sent or failed, an earlier run got the server's answer but could not record it
/// in the queue, so the entry is settled without sending. A mail is given up on (status <c>failed</c>) after
/// <see cref="OutboxOptions.MaxAttempts"/> attempts or <see cref="OutboxOptions.GiveUpAfterHours"/>.
/// </summary>
internal sealed partial class OutboxDelivery(
    ActivityStore activities,
    IdempotencyKeys idempotencyKeys,
    DeliveryAttempts attempts,
    SentFolderCopy sentFolder,
    SecretProtector secrets,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDelivery> logger)
{
    /// <summary>Delivers the due entries one by one; an entry whose step fails on storage is tried again after a back-off. Throws only when the account's settings cannot be read.</summary>
    public async Task DeliverDueAsync(string accountKey, IPersistentState<OutboxState> state, Func<CancellationToken, Task> writeState, IAccountServerAccess account, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var legacy in state.State.Queue.Where(e => e.QueuedAt == default))
        {
            legacy.QueuedAt = now;
        }

        var run = new Run(accountKey, GrainKeys.Split(accountKey).TenantId, state, writeState, account);
        foreach (var entry in state.State.Queue.Where(e => e.NextAttemptAt <= now).ToList())
        {
            try
            {
                if (entry.Outcome is null)
                {
                    await AttemptAsync(run, entry, cancellationToken);
                }

                if (entry.Outcome is not null)
                {
                    await SettleAsync(run, entry, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                entry.StorageFailures++;
                entry.NextAttemptAt = clock.GetUtcNow() + Backoff.After(entry.StorageFailures, Random.Shared);
                LogStepFailed(logger, ex, accountKey, entry.ActivityId);
            }
        }
    }

    private async Task AttemptAsync(Run run, OutboxEntry entry, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (entry.Attempts >= options.Value.MaxAttempts || now - entry.QueuedAt >= options.Value.GiveUpAfter)
        {
            entry.Outcome = DeliveryStatus.Failed;
            entry.OutcomeDetail = OutboxText.Clip($"Not sent: gave up after {entry.Attempts} {(entry.Attempts == 1 ? "attempt" : "attempts")} in {(int)(now - entry.QueuedAt).TotalHours} h. The last: {entry.LastReason}");
            await RecordAnswerAsync(run, entry, cancellationToken);
            return;
        }

        var activity = await activities.GetAsync(run.TenantId, entry.SenderUserId, entry.ActivityId, cancellationToken);
        var raw = entry.Raw.Length > 0 ? entry.Raw : activity is null ? null : await activities.GetRawAsync(run.TenantId, entry.SenderUserId, entry.ActivityId, cancellationToken);
        if (raw is null)
        {
            entry.Outcome = DeliveryStatus.Failed;
            entry.OutcomeDetail = "Not sent: the stored message is gone.";
            return;
        }

        if (activity?.Status is DeliveryStatus.Sent or DeliveryStatus.Failed)
        {
            // An earlier run had the server's answer and stored it on the activity, but not in the queue.
            entry.Outcome = activity.Status;
            entry.OutcomeDetail = activity.StatusDetail;
            entry.SentFolderCopyDone = true;
            return;
        }

        if (await run.AccountAsync() is not { } account)
        {
            entry.NextAttemptAt = now + Backoff.First;
            return;
        }

        var outcome = await attempts.SendAsync(run.AccountKey, account.Outgoing(secrets, run.AccountKey), raw, new MailEnvelope(entry.EnvelopeFrom, entry.Recipients), cancellationToken);
        if (outcome is SubmissionOutcome.Deferred deferred)
        {
            await DeferAsync(run, entry, deferred.Error.Sentence, cancellationToken);
            return;
        }

        entry.Outcome = outcome is SubmissionOutcome.Accepted ? DeliveryStatus.Sent : DeliveryStatus.Failed;
        entry.OutcomeDetail = OutboxText.Clip((outcome as SubmissionOutcome.Rejected)?.Error.Sentence);
        if (entry.Outcome == DeliveryStatus.Sent)
        {
            LogSent(logger, run.AccountKey, entry.ActivityId);
        }
        else
        {
            LogRefused(logger, run.AccountKey, entry.ActivityId);
        }

        await RecordAnswerAsync(run, entry, cancellationToken);
    }

    /// <summary>The server's answer goes to two places at once, each best effort: the activity and the queue. Either one keeps the mail from being sent again.</summary>
    private async Task RecordAnswerAsync(Run run, OutboxEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await activities.SetStatusAsync(run.TenantId, entry.SenderUserId, entry.ActivityId, entry.Outcome!.Value, entry.OutcomeDetail, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogStepFailed(logger, ex, run.AccountKey, entry.ActivityId);
        }

        await TryWriteAsync(run, entry, cancellationToken);
    }

    /// <summary>No answer on the mail: count the attempt, say why on the activity and try again after a back-off. Never throws.</summary>
    private async Task DeferAsync(Run run, OutboxEntry entry, string reason, CancellationToken cancellationToken)
    {
        entry.Attempts++;
        entry.LastReason = OutboxText.Clip(reason);
        entry.NextAttemptAt = clock.GetUtcNow() + Backoff.After(entry.Attempts, Random.Shared);
        try
        {
            await activities.SetStatusAsync(run.TenantId, entry.SenderUserId, entry.ActivityId, DeliveryStatus.Queued, OutboxText.Clip($"Will retry (attempt {entry.Attempts}): {reason}"), cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogStepFailed(logger, ex, run.AccountKey, entry.ActivityId);
        }

        await TryWriteAsync(run, entry, cancellationToken);
    }

    /// <summary>The bookkeeping after the server's answer; throws on a storage error, leaving the entry (with its outcome) queued.</summary>
    private async Task SettleAsync(Run run, OutboxEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Outcome == DeliveryStatus.Sent && !entry.SentFolderCopyDone)
        {
            if (await run.AccountAsync() is { } account
                && (entry.Raw.Length > 0 ? entry.Raw : await activities.GetRawAsync(run.TenantId, entry.SenderUserId, entry.ActivityId, cancellationToken)) is { } raw
                && await sentFolder.AppendAsync(run.AccountKey, account, raw, cancellationToken) is { } failed)
            {
                entry.OutcomeDetail = OutboxText.Clip(failed);
            }

            entry.SentFolderCopyDone = true;
        }

        await activities.SetStatusAsync(run.TenantId, entry.SenderUserId, entry.ActivityId, entry.Outcome!.Value, entry.OutcomeDetail, cancellationToken);
        if (entry.IdempotencyKeyHash is { } keyHash)
        {
            await idempotencyKeys.PutAsync(run.AccountKey, keyHash, new IdempotencyRecord(entry.ActivityId, entry.RequestHash ?? "", entry.QueuedAt), cancellationToken);
        }

        var queue = run.Queue;
        var index = queue.IndexOf(entry);
        if (index < 0)
        {
            return; // the queue was cleared meanwhile (the account is being deleted)
        }

        queue.RemoveAt(index);
        try
        {
            await run.WriteStateAsync(cancellationToken);
        }
        catch
        {
            queue.Insert(Math.Min(index, queue.Count), entry);
            throw;
        }
    }

    private async Task TryWriteAsync(Run run, OutboxEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await run.WriteStateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogStepFailed(logger, ex, run.AccountKey, entry.ActivityId);
        }
    }

    /// <summary>What one run works on; the account's settings and encrypted credentials are read once, when first needed.</summary>
    private sealed class Run(string accountKey, string tenantId, IPersistentState<OutboxState> state, Func<CancellationToken, Task> writeState, IAccountServerAccess account)
    {
        private Task<ServerAccess?>? _account;

        public string AccountKey => accountKey;

        public string TenantId => tenantId;

        /// <summary>The queue as it is now (a clear replaces it).</summary>
        public List<OutboxEntry> Queue => state.State.Queue;

        public Task WriteStateAsync(CancellationToken cancellationToken) => writeState(cancellationToken);

        public Task<ServerAccess?> AccountAsync() => _account ??= account.GetServerAccessAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Account}: sent {ActivityId}")]
    private static partial void LogSent(ILogger logger, string account, string activityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account}: the server refused {ActivityId} permanently")]
    private static partial void LogRefused(ILogger logger, string account, string activityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account}: a storage step for {ActivityId} failed; it is tried again later")]
    private static partial void LogStepFailed(ILogger logger, Exception error, string account, string activityId);
}
