using System.Collections.Immutable;
using MailGrains.Grains.Webhooks.Events;
using MailGrains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailGrains.Grains.Webhooks.Delivery;

/// <summary>
/// Delivers one subscription's events (keyed <c>{tenant}/{subscription}</c>) at least once, with the event's id as
/// <c>webhook-id</c> on every attempt, in order per account. Woken by the event log when it appends; a failing round
/// waits (<see cref="DeliveryBackoff"/>, honouring <c>Retry-After</c>) in grain state, and a reminder brings the grain
/// back after a silo failure while work is pending. A 410 disables the subscription; so do three days of failures.
/// </summary>
/// <remarks>
/// Kept light on storage, which a busy tenant otherwise pays for per event: rounds take their events from the log's
/// wakes (<see cref="DeliveryTail"/>) rather than reading them back; progress is saved at most every
/// <see cref="s_saveInterval"/> while all goes well (a silo failure in between sends those events again, with the same
/// ids, as at-least-once allows), and at once after a failure; the reminder goes off only after
/// <see cref="s_reminderOffAfter"/> of having nothing to do, not between two busy rounds.
/// </remarks>
internal sealed partial class WebhookDeliveryGrain(
    [PersistentState("webhook-delivery", StorageNames.Grains)] IPersistentState<WebhookDeliveryState> state,
    EventLogTable log,
    WebhookDeliveryRound round,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    ILogger<WebhookDeliveryGrain> logger) : Grain, IWebhookDeliveryGrain, IWebhookDeliveryWork, IRemindable
{
    private const string Reminder = "webhook-delivery";
    private const int Window = 256;
    private static readonly TimeSpan s_saveInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_reminderOffAfter = TimeSpan.FromMinutes(2);
    private readonly DeliveryTail _tail = new();
    private IGrainTimer? _timer;
    private IGrainTimer? _saveLater;
    private IGrainTimer? _reminderOffLater;
    private long _savedAt;
    private bool _unsaved;
    private bool _caughtUp;
    private bool _running;
    private bool _wokenWhileRunning;
    private bool _reminderOn;

    private (string TenantId, string Id) Key => GrainKeys.Split(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _reminderOn = await this.GetReminder(Reminder, cancellationToken) is not null;
        Schedule(Due());
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await SaveNowAsync();
    }

    public Task WakeAsync(ImmutableArray<LoggedEvent> appended)
    {
        _tail.Appended(appended);
        if (_running)
        {
            _wokenWhileRunning = true;
        }
        else
        {
            Schedule(Due());
        }

        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!_running)
        {
            Schedule(Due());
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<WebhookAttemptRecord>> GetAttemptsAsync() => Task.FromResult(state.State.Attempts.ToImmutableArray());

    public async Task<WebhookDeliveryProgress> GetProgressAsync()
    {
        var pending = await log.ReadAfterAsync(Key.TenantId, state.State.Cursor, 10_000);
        var waiting = pending.LongCount(e => !state.State.DoneAbove.Contains(e.Sequence));
        return new WebhookDeliveryProgress(waiting, state.State.NextAttemptAt, state.State.FailingSince, state.State.LastError);
    }

    public async Task<int> ReplayAsync(DateTimeOffset since)
    {
        var (before, count) = await log.PositionAtAsync(Key.TenantId, since);
        if (count == 0)
        {
            return 0;
        }

        state.State.Cursor = state.State.Started ? Math.Min(state.State.Cursor, before) : before;
        state.State.Started = true;
        state.State.DoneAbove.RemoveWhere(s => s > before);
        state.State.Succeeded();
        _tail.Forget();
        await SaveNowAsync(force: true);
        Schedule(TimeSpan.Zero);
        return count;
    }

    public async Task ForgetAsync()
    {
        _timer?.Dispose();
        _saveLater?.Dispose();
        _reminderOffLater?.Dispose();
        _unsaved = false;
        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    private TimeSpan Due() => state.State.NextAttemptAt is { } next && next > clock.GetUtcNow() ? next - clock.GetUtcNow() : TimeSpan.Zero;

    private void Schedule(TimeSpan due)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        _running = true;
        try
        {
            bool more;
            do
            {
                _wokenWhileRunning = false;
                more = await RoundAsync(cancellationToken);
            }
            while ((more || _wokenWhileRunning) && !cancellationToken.IsCancellationRequested);
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>One window of events; true when more may follow at once.</summary>
    private async Task<bool> RoundAsync(CancellationToken cancellationToken)
    {
        var (tenantId, id) = Key;
        var target = (await GrainFactory.GetGrain<IWebhookTargets>(tenantId).GetTargetsAsync()).FirstOrDefault(t => t.Id == id);
        if (target is not { Enabled: true })
        {
            await ReminderAsync(on: false);
            return false;
        }

        var sync = state.State;
        if (!sync.Started)
        {
            await StartAtAsync(target);
        }

        if (sync.TargetVersion != target.Version)
        {
            sync.TargetVersion = target.Version;
            sync.Succeeded();
            _tail.Forget(); // a re-enabled subscription heard no wakes while it was off
        }

        if (Due() > TimeSpan.Zero)
        {
            Schedule(Due());
            return false;
        }

        var window = _tail.After(sync.Cursor, Window) ?? await ReadLogAsync(tenantId, sync.Cursor, cancellationToken);
        var todo = window.Where(e => !sync.DoneAbove.Contains(e.Sequence)).ToList();
        if (todo.Count == 0)
        {
            CaughtUp();
            return false;
        }

        _caughtUp = false;
        await ReminderAsync(on: true);
        var outcome = await round.RunAsync(tenantId, target, todo, sync.Tries, cancellationToken);
        sync.Done(outcome.Done);
        sync.Record(outcome.Attempts);
        foreach (var attempt in outcome.Attempts)
        {
            if (attempt.Delivered)
            {
                sync.Tries.Remove(attempt.EventId);
            }
            else
            {
                sync.Tries[attempt.EventId] = attempt.Attempt;
            }
        }

        if (outcome.Failure is not { } failure)
        {
            sync.Succeeded();
            await SaveSoonAsync();
            return window.Count == Window;
        }

        await FailedAsync(target, failure);
        return false;
    }

    /// <summary>Places a new subscription's cursor before the first kept event of a change made since it was created.</summary>
    private async Task StartAtAsync(WebhookTarget target)
    {
        var (before, count) = await log.PositionAtAsync(Key.TenantId, target.CreatedAt);
        state.State.Cursor = count > 0 ? before : (await log.LastSequenceAsync(Key.TenantId)).Last;
        state.State.DoneAbove.Clear();
        state.State.Started = true;
        _tail.Forget();
        await SaveNowAsync(force: true);
    }

    private async Task<IReadOnlyList<LoggedEvent>> ReadLogAsync(string tenantId, long cursor, CancellationToken cancellationToken)
    {
        var window = await log.ReadAfterAsync(tenantId, cursor, Window, cancellationToken);
        _tail.Read(cursor, window, reachedEnd: window.Count < Window);
        return window;
    }

    /// <summary>Saves progress now if the last save is older than <see cref="s_saveInterval"/>, else once that has passed.</summary>
    private async Task SaveSoonAsync()
    {
        _unsaved = true;
        if (clock.GetElapsedTime(_savedAt) >= s_saveInterval)
        {
            await SaveNowAsync();
            return;
        }

        _saveLater ??= this.RegisterGrainTimer(
            async _ =>
            {
                _saveLater?.Dispose();
                _saveLater = null;
                await SaveNowAsync();
            },
            new GrainTimerCreationOptions(s_saveInterval, Timeout.InfiniteTimeSpan));
    }

    private async Task SaveNowAsync(bool force = false)
    {
        if (!_unsaved && !force)
        {
            return;
        }

        await state.WriteStateAsync(CancellationToken.None);
        _unsaved = false;
        _savedAt = clock.GetTimestamp();
    }

    /// <summary>Nothing to deliver: the reminder goes off once that has lasted <see cref="s_reminderOffAfter"/>.</summary>
    private void CaughtUp()
    {
        _caughtUp = true;
        if (!_reminderOn)
        {
            return;
        }

        _reminderOffLater ??= this.RegisterGrainTimer(
            async _ =>
            {
                _reminderOffLater?.Dispose();
                _reminderOffLater = null;
                if (_caughtUp && !_running)
                {
                    await SaveNowAsync();
                    await ReminderAsync(on: false);
                }
            },
            new GrainTimerCreationOptions(s_reminderOffAfter, Timeout.InfiniteTimeSpan));
    }

    private async Task FailedAsync(WebhookTarget target, WebhookPostResult failure)
    {
        var sync = state.State;
        var now = clock.GetUtcNow();
        sync.LastError = failure.Error ?? (failure.StatusCode is { } code ? $"The receiver answered {code}." : "The delivery failed.");
        string? disable = null;
        if (failure.Outcome == WebhookPostOutcome.Gone)
        {
            disable = $"The receiver answered 410 Gone at {now:u}: it wants no more events.";
        }
        else
        {
            sync.FailedRounds++;
            sync.FailingSince ??= now;
            if (now - sync.FailingSince >= WebhookDeliveryLimits.GiveUpAfter)
            {
                disable = $"Every delivery failed for {WebhookDeliveryLimits.GiveUpAfter.TotalDays:0} days (since {sync.FailingSince:u}); the last error: {sync.LastError}";
            }
        }

        if (disable is not null)
        {
            LogDisabled(logger, Key.TenantId, target.Id, disable);
            await GrainFactory.GetGrain<IWebhookTargets>(Key.TenantId).DisableAsync(target.Id, disable);
            sync.Succeeded();
            sync.LastError = disable;
            await SaveNowAsync(force: true);
            await ReminderAsync(on: false);
            return;
        }

        var delay = DeliveryBackoff.After(sync.FailedRounds, failure.RetryAfter, Random.Shared);
        sync.NextAttemptAt = now + delay;
        await SaveNowAsync(force: true);
        Schedule(delay);
    }

    /// <summary>
    /// The reminder is on while events wait, so a silo failure does not strand them; it is taken off when delivery has
    /// caught up (at most a minute's ticks later).
    /// </summary>
    private async Task ReminderAsync(bool on)
    {
        if (on && !_reminderOn)
        {
            await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            _reminderOn = true;
        }
        else if (!on && _reminderOn)
        {
            if (await this.GetReminder(Reminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderOn = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Tenant}/{Subscription} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string tenant, string subscription, string reason);
}
