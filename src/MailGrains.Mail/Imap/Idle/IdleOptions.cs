namespace MailGrains.Mail.Imap.Idle;

/// <summary>How an <see cref="ImapIdleWatcher"/> renews IDLE, waits for the server and reconnects.</summary>
public sealed record IdleOptions
{
    public static IdleOptions Default { get; } = new();

    /// <summary>
    /// How long one IDLE command runs before it is ended and issued again. RFC 2177: a server may log a client out
    /// after 30 minutes of inactivity even while it idles, so the default stays well below 29 minutes.
    /// </summary>
    public TimeSpan RenewAfter { get; init; } = TimeSpan.FromMinutes(25);

    /// <summary>How long the server may take to answer DONE (and LOGOUT) before the connection counts as dead.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait before the first reconnection after a dropped connection; each further failure doubles it.</summary>
    public TimeSpan FirstReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between reconnections.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// After this many failures in a row (connections that did not complete one IDLE), the watcher ends with the
    /// last error, so that the caller shows it and polls instead.
    /// </summary>
    public int GiveUpAfterFailures { get; init; } = 10;

    /// <summary>
    /// Whether the first session calls back once right after it opened the folder, before its first IDLE: a caller
    /// that fetched before the watch began learns of mail that arrived in between (at worst a fetch that finds nothing).
    /// </summary>
    public bool ReportOnFirstOpen { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RenewAfter, TimeSpan.Zero, nameof(RenewAfter));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ResponseTimeout, TimeSpan.Zero, nameof(ResponseTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(FirstReconnectDelay, TimeSpan.Zero, nameof(FirstReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconnectDelay, FirstReconnectDelay, nameof(MaxReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(GiveUpAfterFailures, 1, nameof(GiveUpAfterFailures));
    }
}
