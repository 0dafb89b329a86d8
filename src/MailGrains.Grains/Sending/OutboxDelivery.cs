using System.Runtime.CompilerServices;
using MailGrains.Activities;
using MailGrains.Grains.Accounts;
using MailGrains.Grains.Activities;
using MailGrains.Grains.Retry;
using MailGrains.Grains.Secrets;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
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
    /// <summary>
    /// Delivers the <paramref name="due"/> entries one by one and reports what became of each (<see cref="DeliveryProgress"/>);
    /// the entries are the grain's copies, and only the grain puts them back in its queue and saves. An entry whose step
    /// fails on storage is reported with a back-off. Throws only when the account's settings cannot be read.
    /// </summary>
    public async IAsyncEnumerable<DeliveryProgress> DeliverAsync(string accountKey, IReadOnlyList<OutboxEntry> due, IAccountServerAccess account, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var run = new Run(accountKey, GrainKeys.Split(accountKey).TenantId, account);
        foreach (var entry in due)
        {
            if (entry.Outcome is null)
            {
                var attempted = await StepAsync(run, entry, AttemptAsync, cancellationToken);
                yield return new DeliveryProgress.Changed(entry, Save: attempted);
                if (!attempted)
                {
                    continue;
                }
            }

            if (entry.Outcome is not null)
            {
                yield return await StepAsync(run, entry, SettleAsync, cancellationToken)
                    ? new DeliveryProgress.Settled(entry)
                    : new DeliveryProgress.Changed(entry, Save: false);
            }
        }
    }

    /// <summary>Runs one step of an entry; a storage error delays the entry (false), nothing else.</summary>
    private async Task<bool> StepAsync(Run run, OutboxEntry entry, Func<Run, OutboxEntry, CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        try
        {
            await step(run, entry, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            entry.StorageFailures++;
            entry.NextAttemptAt = clock.GetUtcNow() + Backoff.After(entry.StorageFailures, Random.Shared);
            LogStepFailed(logger, ex, run.AccountKey, entry.ActivityId);
            return false;
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

        MailEndpoint endpoint;
        try
        {
            endpoint = await account.OutgoingAsync(run.Access, secrets, run.AccountKey);
        }
        catch (MailException noSignIn)
        {
            // No access token now (the provider is down, or an admin must reconnect the account): tried again later.
            await DeferAsync(run, entry, noSignIn.Error.Sentence, cancellationToken);
            return;
        }

        var outcome = await attempts.SendAsync(run.AccountKey, endpoint, raw, new MailEnvelope(entry.EnvelopeFrom, entry.Recipients), cancellationToken);
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
    }

    /// <summary>The bookkeeping after the server's answer, before the entry may leave the queue; throws on a storage error.</summary>
    private async Task SettleAsync(Run run, OutboxEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Outcome == DeliveryStatus.Sent && !entry.SentFolderCopyDone)
        {
            if (await run.AccountAsync() is { } account
                && (entry.Raw.Length > 0 ? entry.Raw : await activities.GetRawAsync(run.TenantId, entry.SenderUserId, entry.ActivityId, cancellationToken)) is { } raw
                && await sentFolder.AppendAsync(run.AccountKey, account, run.Access, raw, cancellationToken) is { } failed)
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
    }

    /// <summary>What one run works on; the account's settings and encrypted credentials are read once, when first needed.</summary>
    private sealed class Run(string accountKey, string tenantId, IAccountServerAccess account)
    {
        private Task<ServerAccess?>? _account;

        public string AccountKey => accountKey;

        public string TenantId => tenantId;

        public IAccountServerAccess Access => account;

        public Task<ServerAccess?> AccountAsync() => _account ??= account.GetServerAccessAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {Account}: sent {ActivityId}")]
    private static partial void LogSent(ILogger logger, string account, string activityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account}: the server refused {ActivityId} permanently")]
    private static partial void LogRefused(ILogger logger, string account, string activityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account}: a storage step for {ActivityId} failed; it is tried again later")]
    private static partial void LogStepFailed(ILogger logger, Exception error, string account, string activityId);
}
