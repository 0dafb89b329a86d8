using MailGrains.Mail.Connections;
using MailGrains.Testing;
using MailKit;
using MailKit.Search;
using MimeKit;

namespace MailGrains.Mail.Tests.Sending;

/// <summary>What the sending tests share: mail sessions with the test servers' certificate trusted, a fresh message, and where a mail landed.</summary>
internal static class SentMail
{
    public static MailSessions Sessions(TestNetwork? network = null)
        => new((network ?? TestNetwork.TestServers).Connector(CertificatePolicy.FromFiles([TestServices.MailCertificateFile])));

    /// <summary>The submission port (STARTTLS required, login required) as <paramref name="mailbox"/>.</summary>
    public static MailEndpoint Submission(TestMailbox mailbox)
        => new(TestServices.Host, TestServices.SubmissionPort, TransportSecurity.StartTls, mailbox.UserName, mailbox.Password);

    /// <summary>Dovecot's IMAP port as <paramref name="mailbox"/>.</summary>
    public static MailEndpoint Imap(TestMailbox mailbox)
        => new(TestServices.Host, TestServices.ImapPort, TransportSecurity.None, mailbox.UserName, mailbox.Password);

    /// <summary>A small message with a subject no other test uses, as CRLF bytes.</summary>
    public static (byte[] Raw, string Subject, string MessageId) Message(string from, string to)
    {
        var subject = "Sending test " + Guid.NewGuid().ToString("N")[..10];
        using var message = new MimeMessage([MailboxAddress.Parse(from)], [MailboxAddress.Parse(to)], subject, new TextPart("plain") { Text = "Hello from the sending tests." })
        {
            MessageId = Guid.NewGuid().ToString("N") + "@example.test",
        };
        var crlf = FormatOptions.Default.Clone();
        crlf.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(crlf, stream);
        return (stream.ToArray(), subject, message.MessageId);
    }

    /// <summary>The flags of the messages in <paramref name="folderName"/> with this subject (none when it is not there).</summary>
    public static async Task<IReadOnlyList<MessageFlags>> FlagsAsync(TestMailbox mailbox, string folderName, string subject)
    {
        using var imap = await TestMessages.ConnectAsync(mailbox);
        var folder = await imap.GetFolderAsync(folderName);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        var found = await folder.SearchAsync(SearchQuery.SubjectContains(subject));
        var summaries = found.Count == 0 ? [] : await folder.FetchAsync(found, MessageSummaryItems.Flags);
        await imap.DisconnectAsync(quit: true);
        return [.. summaries.Select(s => s.Flags ?? MessageFlags.None)];
    }
}
