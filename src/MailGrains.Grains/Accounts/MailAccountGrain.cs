using MailGrains.Accounts;
using MailGrains.Grains.Accounts.OAuth2;
using MailGrains.Grains.Accounts.Push;
using MailGrains.Grains.Fetching;
using MailGrains.Grains.OAuth2;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailGrains.Mail.Imap;
using MailGrains.Grains.Secrets;
using MailGrains.Grains.Telemetry;
using MailGrains.Grains.Webhooks.Events;
using MailGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ActivityContext = System.Diagnostics.ActivityContext;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// A mail account: its configuration, credentials and sync state (the only writer of each), and its fetch reminder. Fetches run as a
/// non-interleaving grain timer. Reads (<see cref="GetAsync"/>, <see cref="GetStatusAsync"/>) and the calls that
/// only ask for a fetch (a reminder tick, a fetch request, a catch-up) answer at once (<see cref="MayInterleave"/>);
/// a configuration change or a delete stops a running fetch (what it stored stays stored) and then writes, so an
/// admin is never kept waiting by a slow server or a long first sync. One writer at a time (<see cref="_writeGate"/>).
/// IMAP IDLE push, which only ever asks for fetches, is in <c>MailAccountGrain.Push.cs</c>.
/// </summary>
[MayInterleave(nameof(MayInterleave))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The write gate's wait handle is never used; a SemaphoreSlim without one holds nothing to dispose.")]
internal sealed partial class MailAccountGrain(
    [PersistentState(StateNames.MailAccount, StorageNames.Grains)] IPersistentState<MailAccountState> state,
    SecretProtector secrets,
    AccountFetch fetch,
    ILocalSiloDetails silo,
    ImapSessionKeeper sessions,
    MailGrainsMetrics metrics,
    IOptions<MailOptions> mailOptions,
    PushSessions pushSessions,
    [PersistentState(StateNames.MailAccountOAuth2, StorageNames.Grains)] IPersistentState<AccountOAuth2State> oauth2State,
    AccountOAuth2Services oauth2Services,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock) : Grain, IMailAccountGrain, IAccountServerAccess, IRemindable
{
    public const string FetchReminder = "fetch";

    private static readonly TimeSpan s_fetchTimeSaveInterval = TimeSpan.FromMinutes(10);

    /// <summary>The fetch and the writes of configuration and deletion take turns on the state, never interleaved.</summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private RunningFetch? _running;

    private IGrainTimer? _fetchTimer;
    private bool _fetching;
    private bool _fetchTimerStarted;
    private bool _fetchAgain;
    private KeptImapSession? _imapSession;
    private DateTimeOffset? _savedFetchAt;
    private DateTimeOffset? _pollDueAt;
    private ActivityContext _fetchRequestedBy;

    private MailAccountState Account => state.State;

    private MailReceiving? Receiving => Account.Configuration?.Receiving;

    private string AccountKey => this.GetPrimaryKeyString();

    private string AccountId => GrainKeys.Split(AccountKey).Id;

    /// <summary>
    /// Calls that only schedule a fetch may run while a fetch awaits its server or its store: they only set fields
    /// (a turn never runs in parallel with another), so a tick or a request never queues behind a long fetch and
    /// times out; asked for during a fetch, another one follows it.
    /// </summary>
    public static bool MayInterleave(Orleans.Serialization.Invocation.IInvokable request)
        => request.GetMethod()?.Name is nameof(ReceiveReminder) or nameof(RequestFetchAsync) or nameof(CatchUpPollAsync)
            or nameof(GetAsync) or nameof(ConfigureAsync) or nameof(MoveCursorAsync) or nameof(DeleteAsync) or nameof(ResumePushAsync)
            or nameof(ConnectOAuth2Async) or nameof(DisconnectOAuth2Async);

    /// <summary>
    /// Moves state saved in the earlier layout into its parts, and re-encrypts passwords still under an old key, so
    /// that a rotated-out key can be dropped. Starts push: an account that pushed on a silo that died resumes here.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var upgraded = Account.Upgrade();
        var rotate = !Account.Credentials.IsCurrent(secrets);
        if (rotate)
        {
            Account.Credentials = Account.Credentials.Rotated(secrets, AccountKey);
        }

        if (upgraded || rotate)
        {
            await state.WriteStateAsync(cancellationToken);
        }

        await OAuth2.RotateKeyAsync();

        _savedFetchAt = Account.Sync.LastFetchAt;
        await StartPushAsync();
    }

    /// <summary>Push and a kept IMAP session end with the activation.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopPushAsync();
        await EndImapSessionAsync();
    }

    public Task<AccountView?> GetAsync() => Task.FromResult(View());

    public async Task<AccountWriteResult> ConfigureAsync(AccountInput input)
    {
        var interrupted = StopRunningFetch();
        await _writeGate.WaitAsync();
        try
        {
            var result = await WriteConfigurationAsync(input);
            if (interrupted && Receiving?.Enabled == true)
            {
                ScheduleFetch(); // the stopped fetch goes on, with the new configuration
            }

            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<AccountWriteResult> WriteConfigurationAsync(AccountInput input)
    {
        var exists = Account.Configuration is not null;
        if (input.ExpectedVersion is { } expected && (!exists || expected != Account.Version))
        {
            return AccountWriteResult.Failed(AccountWriteOutcome.VersionConflict, []);
        }

        var credentials = Account.Credentials.Changed(input.IncomingPassword, input.OutgoingPassword, secrets, AccountKey);
        var configuration = input.Configuration;
        var receiving = configuration.Receiving;
        if (receiving.Enabled && ReceiveReadiness.Missing(receiving, credentials.Incoming is not null, OAuth2.Grant is { } grant ? grant.Address ?? "" : null) is { Count: > 0 } missing)
        {
            return AccountWriteResult.Failed(AccountWriteOutcome.Incomplete, missing);
        }

        var wasEnabled = Receiving?.Enabled ?? false;
        if (Receiving?.DeleteFromServerAfterDays != receiving.DeleteFromServerAfterDays)
        {
            Account.Sync.LastRetentionAt = null;
        }

        Account.Sync.FollowSyncedFolders(receiving.SyncedFolders, input.MovedCursors);
        Account.Configuration = configuration;
        Account.Credentials = credentials;
        Account.Version++;
        Account.UpdatedAt = clock.GetUtcNow();
        Account.Sync.NextAttemptAt = null;
        await state.WriteStateAsync();
        // A failing account that an admin edits (most often: a corrected password) fetches at once, so the admin sees
        // whether it works now instead of waiting for the next poll.
        await UpdateReminderAsync(receiving, startNow: receiving.Enabled && (!wasEnabled || Account.Sync.ConsecutiveFailures > 0));
        if (!receiving.Enabled)
        {
            await EndImapSessionAsync();
        }

        await FollowConfigurationWithPushAsync();

        return AccountWriteResult.Written(exists ? AccountWriteOutcome.Updated : AccountWriteOutcome.Created, View()!);
    }

    public async Task<CursorMoveResult> MoveCursorAsync(string folder, uint lastUid)
    {
        var interrupted = StopRunningFetch();
        await _writeGate.WaitAsync();
        try
        {
            if (Receiving is not { } receiving)
            {
                return new CursorMoveResult(CursorMoveOutcome.NoAccount, null);
            }

            if (!receiving.SyncedFolders.Contains(folder, StringComparer.Ordinal))
            {
                return new CursorMoveResult(CursorMoveOutcome.FolderNotSynced, null);
            }

            var position = Account.Sync.MoveCursor(folder, lastUid);
            await state.WriteStateAsync(CancellationToken.None);
            if (interrupted && receiving.Enabled)
            {
                ScheduleFetch(); // the stopped fetch goes on, from the moved cursor
            }

            return new CursorMoveResult(CursorMoveOutcome.Moved, position);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<bool> RequestFetchAsync()
    {
        if (Receiving?.Enabled != true)
        {
            return Task.FromResult(false);
        }

        ScheduleFetch();
        return Task.FromResult(true);
    }

    public Task CatchUpPollAsync(DateTimeOffset dueAt)
    {
        if (Receiving?.Enabled == true && _fetchTimer is null
            && !(Account.Sync.LastFetchAt >= dueAt) && !(Account.Sync.NextAttemptAt > clock.GetUtcNow()))
        {
            _pollDueAt ??= dueAt;
            ScheduleFetch();
        }

        return Task.CompletedTask;
    }

    public async Task<AccountStatus?> GetStatusAsync()
    {
        if (Account.Configuration is not { } configuration)
        {
            return null;
        }

        var (tenantId, accountId) = GrainKeys.Split(AccountKey);
        var fetched = await GrainFactory.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, configuration.Filing.OwnerUserId)).CountActivitiesAsync(accountId);
        var status = Account.Sync.Status(configuration.Receiving, _fetching, fetched, clock.GetUtcNow(), silo.SiloAddress.ToString(), PushStatus);
        // "reauthorize" goes with the error that says so (the fetch records it just after the grant was refused).
        return OAuth2.Grant is { RefusedAt: not null, Problem: var problem } && status.LastError == problem
            ? status with { ErrorCode = OAuth2ReconnectNeededException.ErrorCode }
            : status;
    }


    public Task<ServerAccess?> GetServerAccessAsync()
        => Task.FromResult(Account.Configuration is { } configuration ? new ServerAccess(configuration, Account.Credentials, OAuth2.Grant?.Address) : null);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == PushReminder)
        {
            return StartPushAsync();
        }

        if (reminderName == FetchReminder && Receiving?.Enabled == true
            && (Account.Sync.NextAttemptAt is not { } next || next <= clock.GetUtcNow()))
        {
            _pollDueAt ??= DueTime(status);
            ScheduleFetch();
        }

        return Task.CompletedTask;
    }

    public async Task DeleteAsync()
    {
        StopRunningFetch();
        await _writeGate.WaitAsync();
        try
        {
            await DeleteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task DeleteStateAsync()
    {
        await StopPushAsync();
        await EndImapSessionAsync();

        _fetchTimer?.Dispose();
        foreach (var reminder in await this.GetReminders())
        {
            await this.UnregisterReminder(reminder);
        }

        await state.ClearStateAsync();
        await OAuth2.ClearAsync();
        DeactivateOnIdle();
    }

    /// <summary>
    /// Starts a fetch as a one-shot grain timer; asked for during a fetch, another one follows it. The timer does
    /// not carry the caller's span, so the latest caller's is kept for the fetch's span to join its trace.
    /// </summary>
    private void ScheduleFetch()
    {
        if (System.Diagnostics.Activity.Current is { } caller)
        {
            _fetchRequestedBy = caller.Context;
        }

        if (_fetchTimer is not null)
        {
            // A timer that has not started yet will read everything new anyway; one that has started (it may be
            // fetching, or already saving its outcome) may have read before this request.
            _fetchAgain = _fetchTimerStarted;
            return;
        }

        _fetchTimer = this.RegisterGrainTimer(FetchThenRescheduleAsync, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// The timer's token is cancelled when the timer is disposed, so the timer is disposed only after the fetch. The
    /// fetch has a deadline and can be stopped by a configuration change or a delete (<see cref="StopRunningFetch"/>).
    /// </summary>
    private async Task FetchThenRescheduleAsync(CancellationToken cancellationToken)
    {
        _fetchTimerStarted = true;
        await _writeGate.WaitAsync(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new RunningFetch(stop);
        _running = running;
        try
        {
            stop.CancelAfter(TimeSpan.FromSeconds(mailOptions.Value.MaxFetchSeconds));
            await FetchAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await RecordStoppedFetchAsync(running.StoppedByOwner);
        }
        finally
        {
            _running = null;
            _fetching = false;
            _fetchTimerStarted = false;
            _fetchTimer?.Dispose();
            _fetchTimer = null;
            if (_fetchAgain)
            {
                _fetchAgain = false;
                ScheduleFetch();
            }

            _writeGate.Release();
        }

        await StartPushAsync(); // after a successful fetch, push comes back if it had ended
    }

    /// <summary>Stops the running fetch, if any, at its next await; true when there was one.</summary>
    private bool StopRunningFetch()
    {
        if (_running is not { } running)
        {
            return false;
        }

        running.StoppedByOwner = true;
        running.Stop.Cancel();
        return true;
    }

    /// <summary>A fetch past its deadline is an error the admin sees (with back-off); one stopped for a configuration change is not.</summary>
    private async Task RecordStoppedFetchAsync(bool stoppedByOwner)
    {
        if (stoppedByOwner || Receiving is not { } receiving)
        {
            return;
        }

        var seconds = mailOptions.Value.MaxFetchSeconds;
        metrics.FetchEnded(receiving.Protocol, TimeSpan.FromSeconds(seconds), MailError.TagOf(MailErrorKind.Timeout));
        AccountEventOutbox.Apply(Account.Sync, new FetchEnded(clock.GetUtcNow(), FetchDeadline.Sentence(seconds), null, null), AccountId, clock.GetUtcNow());
        await state.WriteStateAsync();
        _savedFetchAt = Account.Sync.LastFetchAt;
        await HandOverEventsAsync();
    }

    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        if (Account.Configuration is not { Receiving.Enabled: true } configuration || !HasIncomingSignIn(configuration.Receiving))
        {
            return;
        }

        if (_pollDueAt is { } dueAt)
        {
            metrics.FetchLag.Record(Math.Max(0, (clock.GetUtcNow() - dueAt).TotalSeconds));
            _pollDueAt = null;
        }

        MailEndpoint endpoint;
        try
        {
            endpoint = await IncomingEndpointAsync(configuration.Receiving);
        }
        catch (Exception ex) when (ex is OAuth2ReconnectNeededException or OAuth2ProviderException)
        {
            await RecordSignInFailureAsync(configuration.Receiving, ex.Message, ex is OAuth2ReconnectNeededException ? OAuth2ReconnectNeededException.ErrorCode : null);
            return;
        }

        var requestedBy = _fetchRequestedBy;
        _fetchRequestedBy = default;
        _fetching = true;
        var sync = Account.Sync;
        var before = (sync.LastError, sync.ConsecutiveFailures, sync.NextAttemptAt, sync.LastRetentionAt);
        var start = sync.StartOfFetch(configuration.Receiving.EffectiveImportFrom, clock.GetUtcNow());
        var tokenRefused = false;
        try
        {
            if (_push?.TakeFreshSessionRequest() == true)
            {
                await EndImapSessionAsync(); // push ended with an error: the fetch must log in again to show it
            }

            _imapSession ??= sessions.NewSession();
            await foreach (var progress in fetch.RunAsync(AccountKey, configuration, endpoint, start, _imapSession, cancellationToken, requestedBy))
            {
                if (progress is FetchEnded { ErrorKind: MailErrorKind.Auth } && endpoint.AccessToken is not null && !_oauth2RetryRunning)
                {
                    tokenRefused = true; // the server refused the access token: ask the provider before calling it a failure
                    continue;
                }

                AccountEventOutbox.Apply(sync, progress, AccountId, clock.GetUtcNow());
                if (progress.IsDurable)
                {
                    // State writes are never cancelled: a write cut off in flight may still land, and the next write would
                    // then carry a stale ETag. A stop takes effect at the fetch's next server round trip instead.
                    await state.WriteStateAsync(CancellationToken.None);
                }
            }
        }
        finally
        {
            _fetching = false;
        }

        if (tokenRefused)
        {
            await RetryWithNewAccessTokenAsync(cancellationToken);
            return;
        }

        // The end of a fetch that changed nothing but its time is not worth a storage transaction, whether it found
        // nothing or its cursors were saved batch by batch above: the time is saved at most every few minutes.
        if (before != (sync.LastError, sync.ConsecutiveFailures, sync.NextAttemptAt, sync.LastRetentionAt)
            || !(sync.LastFetchAt - _savedFetchAt < s_fetchTimeSaveInterval))
        {
            await state.WriteStateAsync(CancellationToken.None);
            _savedFetchAt = sync.LastFetchAt;
        }

        await HandOverEventsAsync();
    }

    /// <summary>
    /// No access token: the fetch fails before it dials (with back-off, and <c>account.error</c> once). While the same
    /// sentence stands (a grant waiting for its admin), a tick changes nothing and asks no one.
    /// </summary>
    private async Task RecordSignInFailureAsync(MailReceiving receiving, string sentence, string? code)
    {
        if (Account.Sync.LastError == sentence && Account.Sync.ConsecutiveFailures > 0 && OAuth2.Grant?.RefusedAt is not null)
        {
            return;
        }

        metrics.FetchEnded(receiving.Protocol, TimeSpan.Zero, MailError.TagOf(MailErrorKind.Auth));
        AccountEventOutbox.Apply(Account.Sync, new FetchEnded(clock.GetUtcNow(), sentence, null, null, MailErrorKind.Auth, code), AccountId, clock.GetUtcNow());
        await state.WriteStateAsync(CancellationToken.None);
        _savedFetchAt = Account.Sync.LastFetchAt;
        await HandOverEventsAsync();
    }

    /// <summary>Hands saved account events to the tenant's log; if it does not take them, the next fetch tries again.</summary>
    private async Task HandOverEventsAsync()
    {
        try
        {
            await AccountEventOutbox.HandOverAsync(Account.Sync, GrainFactory, GrainKeys.Split(AccountKey).TenantId);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or OrleansException or TimeoutException)
        {
            // Kept in PendingEvents (saved): handed over after the next fetch.
        }
    }

    /// <summary>
    /// When the tick was due: the latest <c>FirstTickTime + n × Period</c> not after the tick (Orleans sets
    /// <c>CurrentTickTime</c> to when the tick fired, so a late reminder service would not show in the lag).
    /// </summary>
    private static DateTimeOffset DueTime(TickStatus status)
    {
        var first = DateTime.SpecifyKind(status.FirstTickTime, DateTimeKind.Utc);
        var fired = DateTime.SpecifyKind(status.CurrentTickTime, DateTimeKind.Utc);
        if (status.Period <= TimeSpan.Zero || fired <= first)
        {
            return new DateTimeOffset(fired);
        }

        return new DateTimeOffset(first + status.Period * Math.Floor((fired - first) / status.Period));
    }

    private async Task EndImapSessionAsync()
    {
        if (_imapSession is { } kept)
        {
            _imapSession = null;
            await kept.DisposeAsync();
        }
    }

    private async Task UpdateReminderAsync(MailReceiving receiving, bool startNow)
    {
        if (receiving.Enabled)
        {
            var period = TimeSpan.FromSeconds(receiving.PollIntervalSeconds);
            await this.RegisterOrUpdateReminder(FetchReminder, period, period);
            if (startNow)
            {
                ScheduleFetch();
            }
        }
        else if (await this.GetReminder(FetchReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }


    private AccountView? View() => Account.View(GrainKeys.Split(AccountKey).Id) is { } view ? view with { OAuth2 = OAuth2.Grant?.View } : null;

    /// <summary>The fetch that runs now: its stop, and whether a configuration change or delete (not the deadline) stopped it.</summary>
    private sealed class RunningFetch(CancellationTokenSource stop)
    {
        public CancellationTokenSource Stop { get; } = stop;

        public bool StoppedByOwner { get; set; }
    }
}
