using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailGrains.Mail.Imap.Idle;

/// <summary>
/// Watches one folder of one account for new mail with IMAP IDLE (RFC 2177), on one connection opened through the
/// <see cref="MailConnector"/> (so the operator's network, transport and certificate rules apply as for fetching).
/// It never reads mail: on new mail it calls the caller back, who starts a normal fetch. IDLE is renewed every
/// <see cref="IdleOptions.RenewAfter"/>; a dropped connection is reopened after a growing, jittered delay, and if mail
/// may have arrived meanwhile the caller is called back once.
/// </summary>
/// <remarks>
/// <see cref="WatchAsync"/> ends with <see cref="IdleOutcome.Stopped"/> when the caller stops it (after logging out),
/// with <see cref="IdleOutcome.Unsupported"/> when the server has no IDLE, and with a <see cref="MailException"/> when
/// reconnecting cannot help (the login refused, the network policy, TLS, a missing folder) or after
/// <see cref="IdleOptions.GiveUpAfterFailures"/> failures in a row. An exception from the callback ends it too, with
/// that exception. One watcher runs one watch at a time.
/// </remarks>
public sealed class ImapIdleWatcher(MailConnector connector, MailEndpoint endpoint, string folder, IdleOptions options, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private int _watching;

    /// <summary>What the watcher is doing and has done; readable while it runs.</summary>
    public IdleWatchProgress Progress { get; } = new();

    /// <summary>Watches until <paramref name="stop"/>, calling <paramref name="onNewMail"/> (with <paramref name="stop"/>) whenever new mail arrives.</summary>
    public async Task<IdleOutcome> WatchAsync(Func<CancellationToken, Task> onNewMail, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(onNewMail);
        options.Validate();
        if (Interlocked.Exchange(ref _watching, 1) == 1)
        {
            throw new InvalidOperationException("This watcher is already watching.");
        }

        try
        {
            return await WatchUntilEndAsync(onNewMail, stop);
        }
        finally
        {
            Progress.Enter(IdleWatchState.Ended);
            Volatile.Write(ref _watching, 0);
        }
    }

    private async Task<IdleOutcome> WatchUntilEndAsync(Func<CancellationToken, Task> onNewMail, CancellationToken stop)
    {
        FolderMark? seen = null;
        var failures = 0;
        while (true)
        {
            var session = new IdleSession(connector, endpoint, folder, options, Progress);
            try
            {
                var outcome = await session.RunAsync(seen, onNewMail, stop);
                LogEnd(outcome);
                return outcome;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                IdleLog.Stopped(_logger, endpoint);
                return IdleOutcome.Stopped;
            }
            catch (Exception) when (session.CallbackFailed)
            {
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var error = MailErrors.From(ex, endpoint.Host, endpoint.Port);
                if (!ReconnectingMayHelp(error.Kind))
                {
                    IdleLog.Failed(_logger, endpoint, error.Tag, error.Sentence);
                    throw ex as MailException ?? new MailException(error, ex);
                }

                failures = session.CompletedAnIdle ? 1 : failures + 1;
                if (failures >= options.GiveUpAfterFailures)
                {
                    IdleLog.GaveUp(_logger, endpoint, failures, error.Tag, error.Sentence);
                    throw ex as MailException ?? new MailException(error, ex);
                }

                var delay = ReconnectDelays.After(failures, options, Random.Shared);
                IdleLog.Reconnecting(_logger, endpoint, error.Tag, error.Sentence, delay, failures);
                Progress.Enter(IdleWatchState.WaitingToReconnect);
                if (!await WaitAsync(delay, stop))
                {
                    IdleLog.Stopped(_logger, endpoint);
                    return IdleOutcome.Stopped;
                }
            }
            finally
            {
                seen = session.Opened ?? seen;
            }
        }
    }

    /// <summary>A dropped or refused connection may work next time; a refused login, a policy, a certificate or a missing folder will not.</summary>
    private static bool ReconnectingMayHelp(MailErrorKind kind)
        => kind is not (MailErrorKind.Auth or MailErrorKind.Policy or MailErrorKind.Tls or MailErrorKind.Folder);

    /// <summary>Waits <paramref name="delay"/>; false when <paramref name="stop"/> came first.</summary>
    private static async Task<bool> WaitAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private void LogEnd(IdleOutcome outcome)
    {
        if (outcome == IdleOutcome.Unsupported)
        {
            IdleLog.Unsupported(_logger, endpoint);
        }
        else
        {
            IdleLog.Stopped(_logger, endpoint);
        }
    }
}
