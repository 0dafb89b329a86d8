namespace MailGrains.Mail.Imap.Idle;

/// <summary>
/// What a watcher has done so far, for status and tests: its state and a few counters. Safe to read from any thread
/// while the watch runs.
/// </summary>
public sealed class IdleWatchProgress
{
    private int _state;
    private int _sessionsOpened;
    private int _idleCommands;
    private int _newMailReports;

    public IdleWatchState State => (IdleWatchState)Volatile.Read(ref _state);

    /// <summary>Connections opened and logged in (one at a time; more than one means it reconnected).</summary>
    public int SessionsOpened => Volatile.Read(ref _sessionsOpened);

    /// <summary>IDLE commands issued, renewals included.</summary>
    public int IdleCommands => Volatile.Read(ref _idleCommands);

    /// <summary>How often the new-mail callback was called.</summary>
    public int NewMailReports => Volatile.Read(ref _newMailReports);

    internal void Enter(IdleWatchState state) => Volatile.Write(ref _state, (int)state);

    internal void SessionOpened() => Interlocked.Increment(ref _sessionsOpened);

    internal void IdleStarted()
    {
        Interlocked.Increment(ref _idleCommands);
        Enter(IdleWatchState.Idling);
    }

    internal void ReportingNewMail()
    {
        Interlocked.Increment(ref _newMailReports);
        Enter(IdleWatchState.ReportingNewMail);
    }
}
