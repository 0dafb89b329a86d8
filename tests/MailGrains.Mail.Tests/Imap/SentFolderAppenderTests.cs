using MailGrains.Mail.Errors;
using MailGrains.Mail.Imap;
using MailGrains.Mail.Tests.Sending;
using MailGrains.Testing;
using MailKit;

namespace MailGrains.Mail.Tests.Imap;

/// <summary>The copy of a sent mail on the real Dovecot: in the named folder, else in the special-use \Sent one, flagged \Seen.</summary>
public sealed class SentFolderAppenderTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheCopyLandsInTheNamedFolderFlaggedSeen()
    {
        await using var mailbox = await TestMailbox.CreateAsync("sentnamed");
        await TestMessages.AppendAsync(mailbox, "Outgoing", []);
        var (raw, subject, _) = SentMail.Message(mailbox.Address, "someone@example.test");

        var appended = await new SentFolderAppender(SentMail.Sessions()).AppendAsync(SentMail.Imap(mailbox), "Outgoing", raw, s_deadline, CancellationToken.None);

        Assert.True(appended);
        Assert.True(Assert.Single(await SentMail.FlagsAsync(mailbox, "Outgoing", subject)).HasFlag(MessageFlags.Seen));
        Assert.Empty(await SentMail.FlagsAsync(mailbox, "Sent", subject));
    }

    [Fact]
    public async Task WithNoFolderNamedTheCopyLandsInTheServersSpecialUseSentFolderFlaggedSeen()
    {
        await using var mailbox = await TestMailbox.CreateAsync("sentspecial");
        var (raw, subject, _) = SentMail.Message(mailbox.Address, "someone@example.test");

        var appended = await new SentFolderAppender(SentMail.Sessions()).AppendAsync(SentMail.Imap(mailbox), null, raw, s_deadline, CancellationToken.None);

        Assert.True(appended);
        Assert.True(Assert.Single(await SentMail.FlagsAsync(mailbox, "Sent", subject)).HasFlag(MessageFlags.Seen));
    }

    [Fact]
    public async Task ANamedFolderThatDoesNotExistIsAFolderErrorThatNamesIt()
    {
        await using var mailbox = await TestMailbox.CreateAsync("sentmissing");
        var (raw, _, _) = SentMail.Message(mailbox.Address, "someone@example.test");

        var failed = await Assert.ThrowsAsync<MailException>(
            () => new SentFolderAppender(SentMail.Sessions()).AppendAsync(SentMail.Imap(mailbox), "Nowhere", raw, s_deadline, CancellationToken.None));

        Assert.Equal(MailErrorKind.Folder, failed.Error.Kind);
        Assert.Contains("'Nowhere'", failed.Error.Sentence, StringComparison.Ordinal);
    }
}
