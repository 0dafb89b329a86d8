using MailGrains.Mail.Connections;
using MailGrains.Mail.Imap;
using MailGrains.Testing;

namespace MailGrains.Mail.Tests.Imap;

/// <summary>
/// Deleting old mail on the server, with no cluster, against the real Dovecot, Cyrus and Courier: only mail delivered
/// before the cut-off, and of that only what the caller says is stored; newer mail and unstored old mail stay.
/// </summary>
public sealed class OldMailRemovalTests
{
    private static readonly ReadLimits s_limits = new(BatchSize: 2, MaxBatchBytes: 1024 * 1024, MaxMessageBytes: 1024 * 1024);
    private readonly OldMailRemoval _removal = new(new MailSessions(TestNetwork.TestServers.Connector()));

    [Theory]
    [InlineData(MailServerKind.Dovecot)]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task OnlyOldMailThatIsStoredIsDeletedInEveryFolderItLooksAt(MailServerKind kind)
    {
        var server = TestMailServer.Of(kind);
        await using var mailbox = await TestMailbox.CreateAsync("retain", server);
        var longAgo = DateTimeOffset.UtcNow.AddDays(-60);
        await TestMessages.AppendAsync(mailbox, "INBOX", [Numbered(1), Numbered(2), Numbered(3)], longAgo);
        await TestMessages.AppendAsync(mailbox, "INBOX", [Numbered(4)]);
        await TestMessages.AppendAsync(mailbox, server.Folder("Spam"), [Numbered(5)], longAgo);
        await TestMessages.AppendAsync(mailbox, server.Folder("Sent Items"), [Numbered(6)], longAgo);
        var asked = new List<string>();

        var deleted = await _removal.DeleteStoredAsync(
            Request(mailbox, server.Folder("Spam"), server.Folder("Sent Items")),
            digests => Task.FromResult<IReadOnlyList<bool>>([.. digests.Select(d =>
            {
                asked.Add(d.Subject!);
                return d.Subject != "Old 2"; // the one mail whose activity is not stored
            })]),
            CancellationToken.None);

        Assert.Equal(4, deleted);
        Assert.Equal(["Old 1", "Old 2", "Old 3", "Old 5", "Old 6"], asked.Order(StringComparer.Ordinal));
        Assert.Equal(["Old 2", "Old 4"], (await TestMessages.SubjectsAsync(mailbox, "INBOX")).Order(StringComparer.Ordinal));
        Assert.Empty(await TestMessages.SubjectsAsync(mailbox, server.Folder("Spam")));
        Assert.Empty(await TestMessages.SubjectsAsync(mailbox, server.Folder("Sent Items")));
    }

    [Fact]
    public async Task AnOldMessageOverTheSizeLimitIsNeitherReadNorDeleted()
    {
        await using var mailbox = await TestMailbox.CreateAsync("retainbig");
        await TestMessages.AppendAsync(mailbox, "INBOX", [Numbered(7, bodyBytes: 20_000), Numbered(8)], DateTimeOffset.UtcNow.AddDays(-60));
        var asked = new List<string>();

        var deleted = await _removal.DeleteStoredAsync(
            Request(mailbox, null, null) with { Limits = s_limits with { MaxMessageBytes = 10_000 } },
            digests =>
            {
                asked.AddRange(digests.Select(d => d.Subject!));
                return Task.FromResult<IReadOnlyList<bool>>([.. digests.Select(_ => true)]);
            },
            CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Equal(["Old 8"], asked);
        Assert.Equal(["Old 7"], await TestMessages.SubjectsAsync(mailbox, "INBOX"));
    }

    private static OldMailRequest Request(TestMailbox mailbox, string? spam, string? sent) => new(
        new MailEndpoint(TestServices.Host, mailbox.Server.ImapPort, TransportSecurity.None, mailbox.UserName, mailbox.Password),
        spam,
        sent,
        DateTimeOffset.UtcNow.AddDays(-30),
        s_limits,
        ParseLimitBytes: 1024 * 1024);

    private static byte[] Numbered(int number, int bodyBytes = 0) => System.Text.Encoding.ASCII.GetBytes(
        $"From: a@example.test\r\nTo: owner@example.test\r\nSubject: Old {number}\r\nMessage-ID: <old-{number}-{Guid.NewGuid():N}@example.test>\r\n\r\nBody {number}.\r\n"
        + string.Concat(Enumerable.Repeat(new string('x', 98) + "\r\n", bodyBytes / 100)));
}
