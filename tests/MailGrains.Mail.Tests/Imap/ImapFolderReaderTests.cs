using MailGrains.Mail.Connections;
using MailGrains.Mail.Imap;
using MailGrains.Testing;
using MailKit;
using MailKit.Net.Imap;

namespace MailGrains.Mail.Tests.Imap;

/// <summary>
/// Reading a folder's new messages from the real Dovecot, Cyrus and Courier: complete, in UID order, byte for byte,
/// never marking them read, and from the start again when the folder's UIDVALIDITY changed; a first read from now or
/// from a day ("importFrom") ends past every message it skipped.
/// </summary>
public sealed class ImapFolderReaderTests
{
    [Theory]
    [InlineData(MailServerKind.Dovecot)]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task AllMessagesAreReadInBoundedBatchesInUidOrderByteForByte(MailServerKind kind)
    {
        await using var mailbox = await TestMailbox.CreateAsync("reader", TestMailServer.Of(kind));
        var sent = Enumerable.Range(1, 45).Select(i => TestMessages.Simple(i)).ToList();
        await TestMessages.AppendAsync(mailbox, "INBOX", sent);

        var batches = await ReadAsync(mailbox, "INBOX", cursor: null, batchSize: 20);

        Assert.Equal([20, 20, 5], batches.Select(b => b.Messages.Count));
        var messages = batches.SelectMany(b => b.Messages).ToList();
        Assert.Equal(messages.Select(m => m.Uid).Order(), messages.Select(m => m.Uid));
        Assert.Equal(sent.Select(TestMessages.Text), messages.Select(m => TestMessages.Text(m.Raw)));
        Assert.Equal(0, await CountSeenAsync(mailbox, "INBOX"));
    }

    [Theory]
    [InlineData(MailServerKind.Dovecot)]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task OnlyMessagesAfterTheCursorAreRead(MailServerKind kind)
    {
        await using var mailbox = await TestMailbox.CreateAsync("cursor", TestMailServer.Of(kind));
        var uids = await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 10).Select(i => TestMessages.Simple(i)));
        var first = await ReadAsync(mailbox, "INBOX", null, 100);
        var cursor = new FolderCursor(first[0].UidValidity, uids[6].Id);

        var rest = await ReadAsync(mailbox, "INBOX", cursor, 100);
        var nothing = await ReadAsync(mailbox, "INBOX", new FolderCursor(first[0].UidValidity, uids[^1].Id), 100);

        Assert.Equal(uids.Skip(7).Select(u => u.Id), rest.SelectMany(b => b.Messages).Select(m => m.Uid));
        Assert.Empty(nothing);
    }

    [Theory]
    [InlineData(MailServerKind.Dovecot)]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task AFolderRecreatedWithANewUidValidityIsReadAgainFromTheStart(MailServerKind kind)
    {
        await using var mailbox = await TestMailbox.CreateAsync("uidvalidity", TestMailServer.Of(kind));
        var archive = mailbox.Server.Folder("Archive");
        await TestMessages.AppendAsync(mailbox, archive, Enumerable.Range(1, 3).Select(i => TestMessages.Simple(i)));
        var before = await ReadAsync(mailbox, archive, null, 100);
        var cursor = new FolderCursor(before[0].UidValidity, before[0].LastUid);

        await TestMessages.RecreateAsync(mailbox, archive);
        await TestMessages.AppendAsync(mailbox, archive, Enumerable.Range(1, 2).Select(i => TestMessages.Simple(100 + i)));
        var after = await ReadAsync(mailbox, archive, cursor, 100);

        Assert.NotEqual(before[0].UidValidity, after[0].UidValidity);
        Assert.Equal(2, after.SelectMany(b => b.Messages).Count());
    }

    [Theory]
    [InlineData(MailServerKind.Dovecot)]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task ReadingFromNowDownloadsNothingAndEndsAtTheFolderEnd(MailServerKind kind)
    {
        await using var mailbox = await TestMailbox.CreateAsync("fromnow", TestMailServer.Of(kind));
        var uids = await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 3).Select(i => TestMessages.Simple(i)));

        var batches = await ReadAsync(mailbox, "INBOX", null, 100, new FolderStarts(FolderStart.NothingExisting, FolderStart.Everything));

        var batch = Assert.Single(batches);
        Assert.Empty(batch.Messages);
        Assert.True(batch.LastUid >= uids[^1].Id, $"the cursor {batch.LastUid} must pass the last message {uids[^1].Id}");
        Assert.Empty(await ReadAsync(mailbox, "INBOX", new FolderCursor(batch.UidValidity, batch.LastUid), 100));
    }

    [Theory]
    [InlineData(MailServerKind.Dovecot)]
    [InlineData(MailServerKind.Cyrus)]
    [InlineData(MailServerKind.Courier)]
    public async Task ReadingFromADayTakesTheMailReceivedSinceAndEndsPastTheOlderMail(MailServerKind kind)
    {
        await using var mailbox = await TestMailbox.CreateAsync("fromday", TestMailServer.Of(kind));
        var old = new DateTimeOffset(2020, 1, 10, 12, 0, 0, TimeSpan.Zero);
        var recent = new DateTimeOffset(2020, 3, 10, 12, 0, 0, TimeSpan.Zero);
        var first = await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1)], old);
        var wanted = await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(2)], recent);
        var last = await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(3)], old);
        var since = FolderStart.SinceDay(new DateOnly(2020, 2, 1));

        var batches = await ReadAsync(mailbox, "INBOX", null, 100, new FolderStarts(since, since));

        Assert.Equal([wanted[0].Id], batches.SelectMany(b => b.Messages).Select(m => m.Uid));
        Assert.True(batches[^1].LastUid >= last[0].Id, $"the cursor {batches[^1].LastUid} must pass the older mail {last[0].Id}");
        Assert.True(first[0].Id < wanted[0].Id);
    }

    private static async Task<List<FetchedBatch>> ReadAsync(TestMailbox mailbox, string folderName, FolderCursor? cursor, int batchSize, FolderStarts? starts = null)
    {
        var connector = TestNetwork.TestServers.Connector();
        using var imap = await connector.ConnectImapAsync(new MailEndpoint(TestServices.Host, mailbox.Server.ImapPort, TransportSecurity.None, mailbox.UserName, mailbox.Password), CancellationToken.None);
        var folder = (IImapFolder)await imap.GetFolderAsync(folderName);
        var batches = new List<FetchedBatch>();
        await foreach (var batch in ImapFolderReader.ReadNewAsync(folder, cursor, batchSize, starts: starts))
        {
            batches.Add(batch);
        }

        await imap.DisconnectAsync(quit: true);
        return batches;
    }

    private static async Task<int> CountSeenAsync(TestMailbox mailbox, string folderName)
    {
        using var imap = await TestMessages.ConnectAsync(mailbox);
        var folder = await imap.GetFolderAsync(folderName);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        var seen = await folder.SearchAsync(MailKit.Search.SearchQuery.Seen);
        return seen.Count;
    }
}
