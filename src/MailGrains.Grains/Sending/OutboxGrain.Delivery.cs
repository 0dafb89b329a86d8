using MailGrains.Grains.Retry;
using Microsoft.Extensions.Logging;

namespace MailGrains.Grains.Sending;

/// <summary>
/// The outbox's delivery runs: one at a time, in a timer that interleaves with requests. A run hands copies of the
/// due entries to <see cref="OutboxDelivery"/> and puts back what it reports, saving as it goes.
/// </summary>
internal sealed partial class OutboxGrain
{
    /// <summary>Starts a delivery run after <paramref name="dueTime"/>; while one runs, that run schedules the next when it ends.</summary>
    private void ScheduleDelivery(TimeSpan dueTime)
    {
        if (_delivering)
        {
            return;
        }

        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(DeliverDueAsync, new GrainTimerCreationOptions(dueTime, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    /// <summary>Delivers what is due; whatever happens, schedules the next run (or, with nothing queued, drops the reminder).</summary>
    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        _delivering = true;
        try
        {
            var clears = _clears;
            await foreach (var progress in delivery.DeliverAsync(AccountKey, DueCopies(), Account(), cancellationToken))
            {
                if (clears != _clears)
                {
                    break; // the account is being deleted: its queue is gone, nothing more is sent
                }

                await ApplyAsync(progress, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogDeliveryRunFailed(logger, ex, AccountKey);
        }
        finally
        {
            _delivering = false;
        }

        if (state.State.Queue.Count == 0)
        {
            try
            {
                if (await this.GetReminder(Reminder, cancellationToken) is { } reminder)
                {
                    await this.UnregisterReminder(reminder, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogDeliveryRunFailed(logger, ex, AccountKey);
            }

            return;
        }

        var next = state.State.Queue.Min(e => e.NextAttemptAt) - clock.GetUtcNow();
        ScheduleDelivery(next < TimeSpan.Zero ? TimeSpan.Zero : next);
    }

    /// <summary>Copies of the entries due now, for the delivery to change; entries of the first version start their clock now.</summary>
    private List<OutboxEntry> DueCopies()
    {
        var now = clock.GetUtcNow();
        foreach (var legacy in state.State.Queue.Where(e => e.QueuedAt == default))
        {
            legacy.QueuedAt = now;
        }

        return [.. state.State.Queue.Where(e => e.NextAttemptAt <= now).Select(e => e.Copy())];
    }

    /// <summary>Puts what a delivery step did into the queue and saves: a changed entry best effort, a settled one's leaving for sure (else it stays, backed off).</summary>
    private async Task ApplyAsync(DeliveryProgress progress, CancellationToken cancellationToken)
    {
        var queue = state.State.Queue;
        var index = queue.FindIndex(e => e.ActivityId == progress.Entry.ActivityId);
        if (index < 0)
        {
            return;
        }

        if (progress is DeliveryProgress.Changed changed)
        {
            queue[index] = changed.Entry;
            if (changed.Save)
            {
                await WriteOrLogAsync(changed.Entry, cancellationToken);
            }

            return;
        }

        queue.RemoveAt(index);
        try
        {
            await _writes.WriteAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var entry = progress.Entry;
            entry.StorageFailures++;
            entry.NextAttemptAt = clock.GetUtcNow() + Backoff.After(entry.StorageFailures, Random.Shared);
            queue.Insert(Math.Min(index, queue.Count), entry);
            LogStepNotSaved(logger, ex, AccountKey, entry.ActivityId);
        }
    }

    private async Task WriteOrLogAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await _writes.WriteAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogStepNotSaved(logger, ex, AccountKey, entry.ActivityId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Account}: the queue could not be saved after a step of {ActivityId}; it is tried again later")]
    private static partial void LogStepNotSaved(ILogger logger, Exception error, string account, string activityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Account {Account}: a delivery run failed; the next one is scheduled")]
    private static partial void LogDeliveryRunFailed(ILogger logger, Exception error, string account);
}
