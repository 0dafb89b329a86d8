using MailGrains.Accounts;
using MailGrains.Grains.Fetching;
using MailGrains.Mail.Connections;
using MailGrains.Sending;
using MimeKit;

namespace MailGrains.Grains.Sending;

/// <summary>
/// For IMAP accounts with a sent folder, appends the exact bytes that were sent, so that phones and webmail
/// see the mail; when that folder is synced, the fetched copy has the same activity id. The mail is sent
/// already: a failed copy is a note on the activity, not a reason to retry.
/// </summary>
internal sealed class SentFolderCopy(MailConnector connector, Microsoft.Extensions.Options.IOptions<OutboxOptions> options, TimeProvider clock)
{
    /// <summary>Null when the copy is in place or the account wants none; otherwise why it failed.</summary>
    public async Task<string?> AppendAsync(SendingSettings sending, byte[] raw, CancellationToken cancellationToken)
    {
        if (sending.Settings.Server.Incoming.Protocol != MailProtocol.Imap || sending.Settings.Imap.SentFolder is not { } sentFolder)
        {
            return null;
        }

        var endpoint = Endpoints.Incoming(sending.Settings, sending.IncomingPassword);
        using var timeout = new CancellationTokenSource(options.Value.SendDeadline, clock);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var imap = await connector.ConnectImapAsync(endpoint, deadline.Token);
            var folder = await imap.GetFolderAsync(sentFolder, deadline.Token);
            using var message = MimeMessage.Load(new MemoryStream(raw, writable: false), deadline.Token);
            await folder.AppendAsync(new MailKit.AppendRequest(message, MailKit.MessageFlags.Seen), deadline.Token);
            await imap.DisconnectAsync(quit: true, deadline.Token);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return "Sent; the copy to the sent folder failed: " + FetchErrors.Describe(ex, endpoint.Host, endpoint.Port);
        }
    }
}
