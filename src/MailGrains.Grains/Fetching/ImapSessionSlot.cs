using MailGrains.Mail.Connections;
using MailKit;
using MailKit.Net.Imap;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// One account's IMAP session, kept open between polls while the account is active: a poll on a live session is
/// one EXAMINE per folder (and a CLOSE) instead of connect, TLS, login and logout (and, on Dovecot, a login process).
/// The session is reused only for the very same endpoint (host, port, security, user and password); one that the
/// server closed is replaced. Belongs to one grain activation, so it is never used by two fetches at once.
/// </summary>
internal sealed class ImapSessionSlot(MailConnector connector, ImapSessionBudget budget) : IAsyncDisposable
{
    private ImapClient? _client;
    private MailEndpoint? _endpoint;
    private bool _counted;

    /// <summary>
    /// The kept session for this endpoint if there is one, else a new one; <c>Reused</c> says which. A kept session
    /// is not checked first (that would cost a round trip every poll): if the server closed it meanwhile, the fetch
    /// fails and the caller retries once with <see cref="OpenNewAsync"/>.
    /// </summary>
    public async Task<(ImapClient Client, bool Reused)> OpenAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
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

    /// <summary>Whether the next fetch for <paramref name="endpoint"/> would run on the kept session (no new connection).</summary>
    public bool HasSessionFor(MailEndpoint endpoint) => _client is { IsConnected: true, IsAuthenticated: true } && endpoint == _endpoint;

    public Task<ImapClient> OpenNewAsync(MailEndpoint endpoint, CancellationToken cancellationToken) => connector.ConnectImapAsync(endpoint, cancellationToken);

    /// <summary>
    /// After a good fetch: keeps the session for the next poll when <paramref name="keep"/> and the silo's budget
    /// allow (the selected folder is closed first, so the next poll's EXAMINE reads a fresh UIDNEXT); else logs out.
    /// </summary>
    public async Task ReleaseAsync(ImapClient client, MailEndpoint endpoint, IMailFolder? selected, bool keep, CancellationToken cancellationToken)
    {
        if (keep && (_counted || budget.TryTake()))
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

    /// <summary>After a failed fetch: the session is not trusted any more.</summary>
    public void Discard(ImapClient client) => Forget(client);

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
            budget.Return();
        }
    }
}
