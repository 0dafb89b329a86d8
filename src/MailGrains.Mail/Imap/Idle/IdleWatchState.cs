namespace MailGrains.Mail.Imap.Idle;

/// <summary>What an <see cref="ImapIdleWatcher"/> is doing now.</summary>
public enum IdleWatchState
{
    NotStarted,

    /// <summary>Connecting, logging in and opening the folder.</summary>
    Connecting,

    /// <summary>An IDLE command is running: the server reports new mail as it comes.</summary>
    Idling,

    /// <summary>The caller's new-mail callback runs; further arrivals are noticed at the next IDLE.</summary>
    ReportingNewMail,

    /// <summary>The connection dropped; the watcher waits before it connects again.</summary>
    WaitingToReconnect,

    /// <summary>The watch is over (stopped, unsupported or failed).</summary>
    Ended,
}
