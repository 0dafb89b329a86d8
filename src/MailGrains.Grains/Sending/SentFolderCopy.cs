using MailGrains.Accounts;
using MailGrains.Grains.Accounts;
using MailGrains.Grains.Secrets;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailGrains.Mail.Imap;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Sending;

/// <summary>
/// For IMAP accounts with a sent folder, appends the exact bytes that were sent, so that phones and webmail
/// see the mail; when that folder is synced, the fetched copy has the same activity id. The mail is sent
/// already: a failed copy is a note on the activity, not a reason to retry.
/// </summary>
internal sealed class SentFolderCopy(ISentFolderAppender appender, SecretProtector secrets, IOptions<OutboxOptions> options)
{
    /// <summary>Null when the copy is in place or the account wants none; otherwise why it failed.</summary>
    public async Task<string?> AppendAsync(string accountKey, ServerAccess account, IAccountServerAccess access, byte[] raw, CancellationToken cancellationToken)
    {
        if (account.Configuration.Receiving.Protocol != MailProtocol.Imap || account.Configuration.Sending.SentFolder is not { } sentFolder)
        {
            return null;
        }

        MailEndpoint endpoint;
        try
        {
            endpoint = await account.IncomingAsync(access, secrets, accountKey);
        }
        catch (MailException noSignIn)
        {
            return "Sent; the copy to the sent folder failed: " + noSignIn.Error.Sentence;
        }

        try
        {
            await appender.AppendAsync(endpoint, sentFolder, raw, options.Value.SendDeadline, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return "Sent; the copy to the sent folder failed: " + MailErrors.From(ex, endpoint.Host, endpoint.Port).Sentence;
        }
    }
}
