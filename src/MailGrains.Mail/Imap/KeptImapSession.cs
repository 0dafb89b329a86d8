using MailGrains.Mail.Connections;
using MailKit;
using MailKit.Net.Imap;

namespace MailGrains.Mail.Imap;

/// <summary>
/// One account's IMAP session, kept open between polls while the account is active: a poll on a live session is
/// one EXAMINE per folder (and a CLOSE) instead of connect, TLS, login and logout (and, on Dovecot, a login process).
/// The session is reused only for the very same endpoint (host, port, security, user and password); one that the
/// server closed is replaced. Belongs to one account, so it is never used by two reads at once; the account disposes
/// it when it stops (deactivation, receiving switched off, deletion).
/// </summary>
public sealed class KeptImapSession : IAsyncDisposable
{
    private readonly MailConnector _connector;
    private readonly ImapSessionKeeper _keeper;
    private ImapClient? _client;
    private MailEndpoint? _endpoint;
    private bool _counted;

    internal KeptImapSession(MailConnector connector, ImapSessionKeeper keeper)
    {
        _connector = connector;
        _keeper = keeper;
    }

    /// <summary>Whether the next read for <paramref name="endpoint"/> would run on the kept session (no new connection).</summary>
    public bool IsOpenFor(MailEndpoint endpoint) => _client is { IsConnected: true, IsAuthenticated: true } && endpoint == _endpoint;

    public async ValueTask DisposeAsync()
    {
        if (_client is { } kept)
        {
            _client = null;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await kept.DisconnectAsync(quit: true, timeout.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Logging out is a courtesy; the socket is closed below either way.
            }

            kept.Dispose();
        }

        ReturnBudget();
    }

    /// <summary>
    /// The kept session for this endpoint if there is one, else a new one; <c>Reused</c> says which. A kept session
    /// is not checked first (that would cost a round trip every poll): if the server closed it meanwhile, the read
    /// fails and the reader retries once with <see cref="OpenNewAsync"/>.
    /// </summary>
    internal async Task<(ImapClient Client, bool Reused)> OpenAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (_client is { } kept)
        {
            _client = null;
            if (endpoint == _endpoint && kept.IsConnected && kept.IsAuthenticated)
            {
                return (kept, true);
            }

            Forget(kept);
        }

        return (await OpenNewAsync(endpoint, cancellationToken), false);
    }

    internal Task<ImapClient> OpenNewAsync(MailEndpoint endpoint, CancellationToken cancellationToken) => _connector.ConnectImapAsync(endpoint, cancellationToken);

    /// <summary>
    /// After a good read: keeps the session for the next poll when <paramref name="keep"/> and the silo's budget
    /// allow (the selected folder is closed first, so the next poll's EXAMINE reads a fresh UIDNEXT); else logs out.
    /// </summary>
    internal async Task ReleaseAsync(ImapClient client, MailEndpoint endpoint, IMailFolder? selected, bool keep, CancellationToken cancellationToken)
    {
        if (keep && (_counted || _keeper.TryTake()))
        {
            _counted = true;
            if (selected is { IsOpen: true })
            {
                // Read-only (EXAMINE), so closing never expunges anything.
                await selected.CloseAsync(expunge: false, cancellationToken);
            }

            _client = client;
            _endpoint = endpoint;
            return;
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        client.Dispose();
        ReturnBudget();
    }

    /// <summary>After a failed read: the session is not trusted any more.</summary>
    internal void Discard(ImapClient client) => Forget(client);

    private void Forget(ImapClient client)
    {
        client.Dispose();
        ReturnBudget();
    }

    private void ReturnBudget()
    {
        if (_counted)
        {
            _counted = false;
            _keeper.Return();
        }
    }
}
