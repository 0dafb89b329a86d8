using MailGrains.Accounts;
using MailGrains.Mail.Messages;
using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// The ingest invariant for mail anyone can send: a message built to be unstorable (thousands of attachments,
/// recipients and references, a 90 KB subject) still becomes exactly one activity, cut and flagged, with its raw
/// message whole; and the mail after it is stored too. Real Dovecot, Azurite and Orleans.
/// </summary>
[Collection(SharedClusters.Fetching)]
public sealed class HostileMailIngestTests(OneSiloCluster shared)
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AnImapMailWithThousandsOfAttachmentsRecipientsAndReferencesIsStoredCutAndTheNextMailArrivesToo()
    {
        await using var mailbox = await TestMailbox.CreateAsync("hostile");
        var hostile = HostileMessages.Everything("imap");
        var uids = await RawImap.AppendAsync(mailbox, "INBOX", [hostile, TestMessages.Simple(1, mailbox.Address)]);

        var account = await ImapAccount.EnableAsync(shared.Client, mailbox, "INBOX");
        var status = await account.WaitForCursorAsync("INBOX", p => p.LastUid == uids.Max(), s_patience, "both mails to be fetched");

        Assert.Null(status.LastError);
        Assert.Equal(2, status.Fetched);
        await AssertStoredCutAndWholeAsync(account, hostile);
    }

    [Fact]
    public async Task APop3MailWithThousandsOfAttachmentsRecipientsAndReferencesIsStoredCutAndTheNextMailArrivesToo()
    {
        await using var mailbox = await TestMailbox.CreateAsync("hostilepop");
        var hostile = HostileMessages.Everything("pop3");
        await RawImap.AppendAsync(mailbox, "INBOX", [hostile, TestMessages.Simple(1, mailbox.Address)]);

        var account = await ImapAccount.EnablePop3Async(shared.Client, mailbox);
        var status = await Eventually.MatchesAsync(
            async () => (await account.Grain.GetStatusAsync())!,
            s => s.Fetched == 2 || s.LastError is not null,
            s_patience,
            "both POP3 mails to be stored");

        Assert.Null(status.LastError);
        Assert.Equal(2, status.Fetched);
        await Eventually.MatchesAsync(() => TestMessages.CountByPop3Async(mailbox), n => n == 0, s_patience, "both mails to leave the server");
        await AssertStoredCutAndWholeAsync(account, hostile);
    }

    [Fact]
    public async Task AnImapMailLargerThanAFetchMayDownloadBecomesAHeaderOnlyActivityAndTheNextMailArrives()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, settings: s_smallMessageLimit);
        await cluster.DeployAsync();
        await using var mailbox = await TestMailbox.CreateAsync("hugeimap");
        var uids = await RawImap.AppendAsync(mailbox, "INBOX", [Huge("imap"), TestMessages.Simple(1, mailbox.Address)]);

        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        var status = await account.WaitForCursorAsync("INBOX", p => p.LastUid == uids.Max(), s_patience, "both mails to be fetched");

        Assert.Null(status.LastError);
        await AssertHeaderOnlyAsync(account, "imap");
    }

    [Fact]
    public async Task APop3MailLargerThanAFetchMayDownloadBecomesAHeaderOnlyActivityAndStaysOnTheServer()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, settings: s_smallMessageLimit);
        await cluster.DeployAsync();
        await using var mailbox = await TestMailbox.CreateAsync("hugepop");
        await RawImap.AppendAsync(mailbox, "INBOX", [Huge("pop3"), TestMessages.Simple(1, mailbox.Address)]);

        var account = await ImapAccount.EnablePop3Async(cluster.Client, mailbox);
        await Eventually.MatchesAsync(async () => (await account.Grain.GetStatusAsync())!, s => s.Fetched == 2 || s.LastError is not null, s_patience, "both POP3 mails to be stored");

        await Eventually.MatchesAsync(() => TestMessages.CountByPop3Async(mailbox), n => n == 1, s_patience, "the small mail to leave the server");
        await AssertHeaderOnlyAsync(account, "pop3");
    }

    private static readonly Dictionary<string, string?> s_smallMessageLimit = new() { ["MailGrains:Mail:MaxMessageBytes"] = "1048576" };

    private static byte[] Huge(string tag)
        => System.Text.Encoding.ASCII.GetBytes($"Message-ID: <huge-{tag}@example.test>\r\nFrom: big@example.test\r\nSubject: huge {tag}\r\n\r\n"
            + string.Concat(Enumerable.Repeat(new string('x', 998) + "\r\n", 2_100)));

    private static async Task AssertHeaderOnlyAsync(ImapAccount account, string tag)
    {
        var activities = await account.ListAllAsync();
        Assert.Equal(2, activities.Count);
        var huge = Assert.Single(activities, a => a.MessageId == $"<huge-{tag}@example.test>");
        Assert.Contains(MessageFlags.BodyNotFetched, huge.Flags);
        Assert.Contains(MessageFlags.TooLarge, huge.Flags);
        Assert.Equal($"huge {tag}", huge.Subject);
        Assert.Contains(activities, a => a.Subject == "Test message 1" && a.Flags.IsEmpty);
    }

    private static async Task AssertStoredCutAndWholeAsync(ImapAccount account, byte[] hostile)
    {
        var activities = await account.ListAllAsync();
        Assert.Equal(2, activities.Count);
        Assert.Contains(activities, a => a.Subject == "Test message 1" && !a.Flags.Contains(MessageFlags.Truncated));
        var cut = Assert.Single(activities, a => a.MessageId == "<hostile-" + (account.Protocol == MailProtocol.Pop3 ? "pop3" : "imap") + "@attacker.example>");
        Assert.Contains(MessageFlags.Truncated, cut.Flags);
        Assert.InRange(cut.Cc.Length, 1, 100);
        Assert.InRange(cut.References.Length, 1, 50);
        Assert.InRange(cut.Attachments.Length, 1, 200);
        Assert.InRange(cut.Subject!.Length, 1, 1000);
        Assert.Equal(hostile.Length, cut.Size);
        var raw = await account.Owner.GetRawAsync(cut.Id);
        Assert.True(raw is not null && raw.AsSpan().SequenceEqual(hostile), "the raw message is kept whole");
        var detail = await account.Owner.GetActivityAsync(cut.Id);
        Assert.NotNull(detail);
    }
}
