using MailGrains.Mail.Errors;
using MailGrains.Mail.Imap.Idle;

namespace MailGrains.Grains.Accounts.Push;

/// <summary>
/// One watch of an account's folder, running on the thread pool (it awaits the network, not the grain's turn) with
/// one place of the silo's <see cref="IdleSessionBudget"/>. It never touches grain state: new mail, and an ending by
/// an error, become a fetch request through the grain's own reference, which the grain schedules as any other. What
/// it leaves (<see cref="Ended"/>, <see cref="Unsupported"/>, <see cref="FailedAt"/>) the grain reads on its turn.
/// </summary>
internal sealed class PushRun
{
    private readonly CancellationTokenSource _stop;
    private readonly PushSessions _sessions;
    private readonly Func<Task> _requestFetch;
    private readonly string _account;
    private volatile bool _ended;

    private PushRun(PushTarget target, PushSessions sessions, Func<Task> requestFetch, string account)
    {
        Target = target;
        _sessions = sessions;
        _requestFetch = requestFetch;
        _account = account;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(sessions.SiloStopping);
        Watcher = new ImapIdleWatcher(sessions.Connector, target.Endpoint, target.Folder, sessions.IdleOptions, sessions.WatcherLogger);
    }

    public PushTarget Target { get; }

    public ImapIdleWatcher Watcher { get; }

    /// <summary>Ends when the watch has ended and its budget place is back.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Whether the watch is over; what it left is readable once this is true.</summary>
    public bool Ended => _ended;

    /// <summary>Whether it ended because the server does not offer IDLE.</summary>
    public bool Unsupported { get; private set; }

    /// <summary>When it ended with an error (a refused login, a policy, too many dropped connections); null otherwise.</summary>
    public DateTimeOffset? FailedAt { get; private set; }

    /// <summary>Whether an IDLE command runs (or new mail is being reported): the account is pushed to now.</summary>
    public bool IsIdling => !_ended && Watcher.Progress.State is IdleWatchState.Idling or IdleWatchState.ReportingNewMail;

    /// <summary>
    /// Starts a watch on a place the caller took from the budget. The caller's execution context (its trace, the
    /// Orleans request context) does not flow into it: the watch outlives the call that started it.
    /// </summary>
    public static PushRun Start(PushTarget target, PushSessions sessions, Func<Task> requestFetch, string account)
    {
        var run = new PushRun(target, sessions, requestFetch, account);
        using (ExecutionContext.SuppressFlow())
        {
            run.Completion = Task.Run(run.WatchAsync);
        }

        return run;
    }

    /// <summary>Asks the watch to end (it logs out); <see cref="Completion"/> says when it has.</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Ended already.
        }
    }

    private async Task WatchAsync()
    {
        var failed = false;
        try
        {
            Unsupported = await Watcher.WatchAsync(_ => RequestFetchAsync(), _stop.Token) == IdleOutcome.Unsupported;
        }
        catch (MailException ex)
        {
            failed = true;
            PushLog.Failed(_sessions.Logger, _account, Target.Endpoint, ex.Error.Tag, ex.Error.Sentence);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failed = true;
            PushLog.Crashed(_sessions.Logger, ex, _account, Target.Endpoint);
        }
        finally
        {
            FailedAt = failed ? _sessions.Clock.GetUtcNow() : null;
            _sessions.Budget.Return();
            _stop.Dispose();
            _ended = true;
        }

        if (failed)
        {
            // The fetch meets the same trouble on its own session and shows it as the account's error, with back-off.
            await RequestFetchAsync();
        }
    }

    /// <summary>A normal fetch through the grain; a refused call is logged, and the next poll fetches what it missed.</summary>
    private async Task RequestFetchAsync()
    {
        try
        {
            await _requestFetch();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            PushLog.FetchRequestFailed(_sessions.Logger, ex, _account);
        }
    }
}
