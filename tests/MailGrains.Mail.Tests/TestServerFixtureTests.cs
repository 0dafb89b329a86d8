using MailGrains.Testing;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace MailGrains.Mail.Tests;

/// <summary>
/// Proves the test mail servers that later tests build on: MailKit logs in to Dovecot over IMAP,
/// IMAPS and POP3, and mail sent through Postfix lands in a Dovecot mailbox.
/// </summary>
public sealed class TestServerFixtureTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false, SecureSocketOptions.None)]
    [InlineData(false, SecureSocketOptions.StartTls)]
    [InlineData(true, SecureSocketOptions.SslOnConnect)]
    public async Task ImapClientLogsInAndOpensTheInbox(bool implicitTls, SecureSocketOptions security)
    {
        await using var mailbox = await TestMailbox.CreateAsync("imap");
        using var imap = new ImapClient { ServerCertificateValidationCallback = TestCertificates.IsTestServer };

        await imap.ConnectAsync(TestServices.Host, implicitTls ? TestServices.ImapsPort : TestServices.ImapPort, security);
        await imap.AuthenticateAsync(mailbox.UserName, mailbox.Password);
        var inbox = await imap.GetFolderAsync("INBOX");
        await inbox.OpenAsync(FolderAccess.ReadOnly);

        Assert.Equal(security != SecureSocketOptions.None, imap.IsSecure);
        Assert.Equal(0, inbox.Count);
        Assert.True(imap.Capabilities.HasFlag(ImapCapabilities.UidPlus));
        await imap.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task ImapRefusesAWrongPassword()
    {
        await using var mailbox = await TestMailbox.CreateAsync("wrongpw");
        using var imap = new ImapClient();
        await imap.ConnectAsync(TestServices.Host, TestServices.ImapPort, SecureSocketOptions.None);

        await Assert.ThrowsAsync<AuthenticationException>(() => imap.AuthenticateAsync(mailbox.UserName, "not-" + mailbox.Password));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pop3ClientLogsIn(bool implicitTls)
    {
        await using var mailbox = await TestMailbox.CreateAsync("pop");
        using var pop = new Pop3Client { ServerCertificateValidationCallback = TestCertificates.IsTestServer };

        await pop.ConnectAsync(
            TestServices.Host,
            implicitTls ? TestServices.Pop3sPort : TestServices.Pop3Port,
            implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None);
        await pop.AuthenticateAsync(mailbox.UserName, mailbox.Password);

        Assert.Equal(0, await pop.GetMessageCountAsync());
        Assert.True(pop.Capabilities.HasFlag(Pop3Capabilities.UIDL));
        await pop.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task MailSentThroughPostfixArrivesInTheRecipientsInbox()
    {
        await using var sender = await TestMailbox.CreateAsync("from");
        await using var recipient = await TestMailbox.CreateAsync("to");
        var subject = "fixture " + Guid.NewGuid().ToString("N");

        using (var smtp = new SmtpClient { ServerCertificateValidationCallback = TestCertificates.IsTestServer })
        {
            await smtp.ConnectAsync(TestServices.Host, TestServices.SmtpPort, SecureSocketOptions.StartTls);
            await smtp.SendAsync(NewMessage(sender.Address, recipient.Address, subject));
            await smtp.DisconnectAsync(quit: true);
        }

        var arrived = await Eventually.MatchesAsync(() => SubjectsInInboxAsync(recipient), s => s.Count > 0, s_patience, "the mail in the recipient's INBOX");
        Assert.Equal([subject], arrived);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SubmissionAuthenticatesTheSenderAndDelivers(bool implicitTls)
    {
        await using var sender = await TestMailbox.CreateAsync("sub");
        await using var recipient = await TestMailbox.CreateAsync("rcpt");
        var subject = "submission " + Guid.NewGuid().ToString("N");

        using (var smtp = new SmtpClient { ServerCertificateValidationCallback = TestCertificates.IsTestServer })
        {
            await smtp.ConnectAsync(
                TestServices.Host,
                implicitTls ? TestServices.SmtpsPort : TestServices.SubmissionPort,
                implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);
            Assert.True(smtp.Capabilities.HasFlag(SmtpCapabilities.Authentication));
            await smtp.AuthenticateAsync(sender.UserName, sender.Password);
            await smtp.SendAsync(NewMessage(sender.Address, recipient.Address, subject));
            await smtp.DisconnectAsync(quit: true);
        }

        var arrived = await Eventually.MatchesAsync(() => SubjectsInInboxAsync(recipient), s => s.Count > 0, s_patience, "the submitted mail in the recipient's INBOX");
        Assert.Equal([subject], arrived);
    }

    [Fact]
    public async Task PostfixRejectsAnUnknownRecipientPermanently()
    {
        await using var sender = await TestMailbox.CreateAsync("bounce");
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(TestServices.Host, TestServices.SmtpPort, SecureSocketOptions.None);

        var error = await Assert.ThrowsAsync<SmtpCommandException>(
            () => smtp.SendAsync(NewMessage(sender.Address, FreshNames.MailUser("nobody") + "@" + TestServices.MailDomain, "to nobody")));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, error.ErrorCode);
        Assert.InRange((int)error.StatusCode, 500, 599);
    }

    private static MimeMessage NewMessage(string from, string to, string subject) => new(
        [MailboxAddress.Parse(from)],
        [MailboxAddress.Parse(to)],
        subject,
        new TextPart("plain") { Text = "Hello from the fixture test." });

    private static async Task<IReadOnlyList<string>> SubjectsInInboxAsync(TestMailbox mailbox)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync(TestServices.Host, TestServices.ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(mailbox.UserName, mailbox.Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var uids = await imap.Inbox.SearchAsync(SearchQuery.All);
        var summaries = await imap.Inbox.FetchAsync(uids, MessageSummaryItems.Envelope);
        await imap.DisconnectAsync(quit: true);
        return [.. summaries.Select(s => s.Envelope?.Subject ?? "")];
    }
}
