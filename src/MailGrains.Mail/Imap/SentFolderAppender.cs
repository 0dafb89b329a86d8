using MailGrains.Mail.Connections;
using MailKit;
using MimeKit;

namespace MailGrains.Mail.Imap;

/// <summary>Puts a copy of a sent mail into the account's sent folder on its IMAP server, so that phones and webmail see it.</summary>
public interface ISentFolderAppender
{
    /// <summary>
    /// Appends <paramref name="message"/>, flagged \Seen, to the folder <paramref name="folderName"/>, or with none named to the
    /// server's special-use \Sent folder. False when no folder is named and the server has no \Sent; a server's trouble
    /// (a named folder that does not exist included) is a <see cref="Errors.MailException"/>.
    /// </summary>
    Task<bool> AppendAsync(MailEndpoint server, string? folderName, byte[] message, TimeSpan deadline, CancellationToken cancellationToken);
}

/// <summary>One IMAP session per copy: connect, find the folder, APPEND, log out.</summary>
public sealed class SentFolderAppender(MailSessions sessions) : ISentFolderAppender
{
    public Task<bool> AppendAsync(MailEndpoint server, string? folderName, byte[] message, TimeSpan deadline, CancellationToken cancellationToken)
        => sessions.WithImapAsync(
            server,
            deadline,
            async (imap, ct) =>
            {
                if (await FolderLookup.NamedOrSpecialAsync(imap, folderName, SpecialFolder.Sent, ct) is not { } folder)
                {
                    return false;
                }

                using var mime = MimeMessage.Load(new MemoryStream(message, writable: false), ct);
                await folder.AppendAsync(new AppendRequest(mime, MessageFlags.Seen), ct);
                return true;
            },
            cancellationToken);
}
