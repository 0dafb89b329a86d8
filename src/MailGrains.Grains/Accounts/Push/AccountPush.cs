using MailGrains.Accounts;

namespace MailGrains.Grains.Accounts.Push;

/// <summary>
/// IMAP IDLE push of one account activation: at most one <see cref="PushRun"/> at a time, started when the account
/// is healthy and the silo's budget has room, stopped with the activation, a configuration change or a delete. Used
/// only on the grain's turns; what a run left is read here, never written by the run into grain state.
/// </summary>
/// <remarks>
/// After a run ended with an error, push starts again only once a fetch after that time succeeded without any error
/// or note, and that fetch logs in on a new session (<see cref="TakeFreshSessionRequest"/>), so that a kept session
/// from before a password change cannot pass for a working login. A server without IDLE is not asked again until
/// the push is stopped (a configuration write or a new activation).
/// </remarks>
internal sealed class AccountPush(PushSessions sessions, Func<Task> requestFetch, string account)
{
    /// <summary>How long stopping waits for the watch to log out before it goes on (the watch ends on its own).</summary>
    private static readonly TimeSpan s_stopWait = TimeSpan.FromSeconds(5);

    private PushRun? _run;
    private bool _unsupported;
    private DateTimeOffset? _failedAt;
    private bool _freshSessionWanted;

    /// <summary>Whether a watch runs (idling, connecting or waiting to reconnect).</summary>
    public bool IsRunning => _run is { Ended: false };

    /// <summary>Whether a watch of exactly <paramref name="target"/> runs.</summary>
    public bool IsWatching(PushTarget target) => _run is { Ended: false } run && run.Target == target;

    /// <summary>The status of an account that wants push.</summary>
    public PushState State
        => _run is { Ended: false } run ? (run.IsIdling ? PushState.Active : PushState.Polling)
            : _unsupported || _run is { Ended: true, Unsupported: true } ? PushState.Unsupported
            : PushState.Polling;

    /// <summary>Starts watching <paramref name="target"/> unless a watch runs, the server has no IDLE, the account is not healthy, or the budget is used up; true when it started one.</summary>
    public bool TryStart(PushTarget target, SyncState sync)
    {
        LearnFromEndedRun();
        if (_run is not null)
        {
            if (_run.Target == target)
            {
                return false;
            }

            _run.Stop();
            _run = null;
        }

        if (_unsupported || sync.ConsecutiveFailures > 0 || _failedAt is { } failed && !(sync.LastError is null && sync.LastFetchAt > failed))
        {
            return false;
        }

        if (!sessions.Budget.TryTake())
        {
            return false;
        }

        _run = PushRun.Start(target, sessions, requestFetch, account);
        return true;
    }

    /// <summary>True once after a run ended with an error: the next fetch should log in afresh instead of using a kept session.</summary>
    public bool TakeFreshSessionRequest()
    {
        LearnFromEndedRun();
        var wanted = _freshSessionWanted;
        _freshSessionWanted = false;
        return wanted;
    }

    /// <summary>
    /// Stops the watch, if any, and forgets what earlier watches showed (a new configuration may behave otherwise). Waits a
    /// few seconds at most for the logout.
    /// </summary>
    public async Task StopAsync()
    {
        var run = _run;
        _run = null;
        _unsupported = false;
        _failedAt = null;
        if (run is null)
        {
            return;
        }

        run.Stop();
        try
        {
            await run.Completion.WaitAsync(s_stopWait);
        }
        catch (TimeoutException)
        {
            // A server that does not answer LOGOUT: the watch ends on its own at its response timeout.
        }
    }

    private void LearnFromEndedRun()
    {
        if (_run is not { Ended: true } ended)
        {
            return;
        }

        _run = null;
        _unsupported |= ended.Unsupported;
        if (ended.FailedAt is { } failedAt)
        {
            _failedAt = failedAt;
            _freshSessionWanted = true;
        }
    }
}
