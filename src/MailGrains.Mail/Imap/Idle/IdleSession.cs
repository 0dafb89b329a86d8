using MailGrains.Mail.Connections;
using MailKit;
using MailKit.Net.Imap;

namespace MailGrains.Mail.Imap.Idle;

/// <summary>
/// One connection of an <see cref="ImapIdleWatcher"/>: logs in, opens the folder read-only and idles on it; when the
/// server announces new messages (EXISTS raises the count) it ends the IDLE, calls back and idles again. Messages that
/// arrive while the callback runs are announced at the next IDLE, so a burst costs one more callback, not one each.
/// Server trouble comes out as MailKit's exceptions, for the watcher to sort; the callback's own exception comes out
/// as it is, with <see cref="CallbackFailed"/> set.
/// </summary>
internal sealed class IdleSession(MailConnector connector, MailEndpoint endpoint, string folderName, IdleOptions options, IdleWatchProgress progress)
{
    private CancellationTokenSource? _idle;
    private int _count;
    private bool _newMail;

    /// <summary>Whether one IDLE command ended as it should: the session was healthy, whatever happens next.</summary>
    public bool CompletedAnIdle { get; private set; }

    /// <summary>Whether the session ended because the caller's callback threw.</summary>
    public bool CallbackFailed { get; private set; }

    /// <summary>What opening the folder showed; null until it is open.</summary>
    public FolderMark? Opened { get; private set; }

    /// <summary>Runs until <paramref name="stop"/> (and logs out) or the connection fails; <paramref name="earlier"/> is the previous session's mark.</summary>
    public async Task<IdleOutcome> RunAsync(FolderMark? earlier, Func<CancellationToken, Task> onNewMail, CancellationToken stop)
    {
        progress.Enter(IdleWatchState.Connecting);
        using var client = await connector.ConnectImapAsync(endpoint, stop);
        progress.SessionOpened();
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await LogOutAsync(client);
            return IdleOutcome.Unsupported;
        }

        var folder = await client.GetFolderAsync(folderName, stop);
        await folder.OpenAsync(FolderAccess.ReadOnly, stop);
        Opened = new FolderMark(folder.UidValidity, folder.UidNext?.Id);
        _count = folder.Count;
        folder.CountChanged += OnCountChanged;
        try
        {
            var newMail = earlier is null ? options.ReportOnFirstOpen : Opened.MayHaveNewMailSince(earlier);
            while (!stop.IsCancellationRequested)
            {
                if (newMail)
                {
                    await ReportAsync(client, onNewMail, stop);
                }

                newMail = await IdleOnceAsync(client, stop);
            }
        }
        finally
        {
            folder.CountChanged -= OnCountChanged;
        }

        await LogOutAsync(client);
        return IdleOutcome.Stopped;
    }

    /// <summary>One IDLE command, ended by new mail, the renewal interval or <paramref name="stop"/>; says whether new mail came.</summary>
    private async Task<bool> IdleOnceAsync(ImapClient client, CancellationToken stop)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var unanswered = new CancellationTokenSource();
        // Once DONE is sent the server has ResponseTimeout to answer; a connection that died silently is given up.
        using var answerDue = idle.Token.Register(() => unanswered.CancelAfter(options.ResponseTimeout));
        idle.CancelAfter(options.RenewAfter);
        _newMail = false;
        _idle = idle;
        try
        {
            progress.IdleStarted();
            await client.IdleAsync(idle.Token, unanswered.Token);
        }
        finally
        {
            _idle = null;
        }

        CompletedAnIdle = true;
        return _newMail;
    }

    private async Task ReportAsync(ImapClient client, Func<CancellationToken, Task> onNewMail, CancellationToken stop)
    {
        progress.ReportingNewMail();
        try
        {
            await onNewMail(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping while the callback ran: the loop ends and logs out.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            CallbackFailed = true;
            await LogOutAsync(client);
            throw;
        }
    }

    /// <summary>Raised by MailKit while it reads the server's answers, on the thread that reads them.</summary>
    private void OnCountChanged(object? sender, EventArgs e)
    {
        var count = ((IMailFolder)sender!).Count;
        if (count > _count)
        {
            _newMail = true;
            _idle?.Cancel(); // MailKit sends DONE
        }

        _count = count;
    }

    private async Task LogOutAsync(ImapClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.ResponseTimeout);
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Logging out is a courtesy; the socket is closed when the client is disposed.
        }
    }
}
