using MailGrains.Mail.Connections;
using MailGrains.Mail.Imap;
using MailGrains.Mail.Pop3;
using MailGrains.Testing;

namespace MailGrains.Mail.Tests.Pop3;

/// <summary>
/// Reading a POP3 mailbox on the real Dovecot. Mail leaves the server, so nothing may be deleted before the caller
/// stored it: a read that stops anywhere before its end (a crash, an error) must leave every message on the server.
/// Stopping is the caller not asking for the next item, exactly what a crashed fetch does.
/// </summary>
public sealed class Pop3MailboxReaderTests
{
    private static readonly ReadLimits s_limits = new(100, 16 * 1024 * 1024, 50L * 1024 * 1024);

    [Fact]
    public async Task EveryMessageIsReturnedOnceInBatchesAndLeavesTheServerAtTheEnd()
    {
        await using var mailbox = await TestMailbox.CreateAsync("pop");
        var sent = Enumerable.Range(1, 130).Select(i => TestMessages.Simple(i, mailbox.Address)).ToList();
        await TestMessages.AppendAsync(mailbox, "INBOX", sent);

        var reads = await ReadAllAsync(mailbox, stored: new HashSet<string>());

        var batches = reads.OfType<Pop3Batch>().ToList();
        Assert.Equal([100, 30], batches.Select(b => b.Messages.Count));
        var messages = batches.SelectMany(b => b.Messages).ToList();
        Assert.Equal(sent.Select(TestMessages.Text), messages.Select(m => TestMessages.Text(m.Raw)));
        Assert.Equal(130, messages.Select(m => m.Uidl).Distinct().Count());
        Assert.Equal(messages.Select(m => m.Uidl).Order(), Assert.IsType<Pop3Deleted>(reads[^1]).Uidls.Order());
        Assert.Equal(0, await TestMessages.CountByPop3Async(mailbox));
    }

    [Fact]
    public async Task AReadThatStopsAfterAStoredBatchLeavesEveryMessageOnTheServerEvenWhereDeletesWereSent()
    {
        await using var mailbox = await TestMailbox.CreateAsync("popstop");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 150).Select(i => TestMessages.Simple(i, mailbox.Address)));
        var stored = new HashSet<string>();

        // The first batch's deletes go out when the second batch is asked for; the read then stops, never sending QUIT.
        await foreach (var read in Reader().ReadAsync(Endpoint(mailbox), new HashSet<string>(), s_limits, CancellationToken.None))
        {
            if (read is Pop3Batch batch)
            {
                stored.UnionWith(batch.Messages.Select(m => m.Uidl));
                if (stored.Count == 150)
                {
                    break;
                }
            }
        }

        Assert.Equal(150, await TestMessages.CountByPop3Async(mailbox));

        var again = await ReadAllAsync(mailbox, stored);

        Assert.Empty(again.OfType<Pop3Batch>());
        Assert.Equal(150, Assert.IsType<Pop3Deleted>(again[^1]).Uidls.Count);
        Assert.Equal(0, await TestMessages.CountByPop3Async(mailbox));
    }

    [Fact]
    public async Task ABatchTheCallerFailsToStoreIsNeverDeleted()
    {
        await using var mailbox = await TestMailbox.CreateAsync("popfail");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 5).Select(i => TestMessages.Simple(i, mailbox.Address)));

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var read in Reader().ReadAsync(Endpoint(mailbox), new HashSet<string>(), s_limits, CancellationToken.None))
            {
                if (read is Pop3Batch)
                {
                    throw new InvalidOperationException("the store failed");
                }
            }
        });

        Assert.Equal(5, await TestMessages.CountByPop3Async(mailbox));
    }

    [Fact]
    public async Task AMessageLargerThanTheLimitIsReadByItsHeaderAndStaysOnTheServer()
    {
        await using var mailbox = await TestMailbox.CreateAsync("popbig");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address), Large(mailbox.Address)]);

        var reads = new List<Pop3Read>();
        await foreach (var read in Reader().ReadAsync(Endpoint(mailbox), new HashSet<string>(), s_limits with { MaxMessageBytes = 100_000 }, CancellationToken.None))
        {
            reads.Add(read);
        }

        var messages = reads.OfType<Pop3Batch>().SelectMany(b => b.Messages).ToList();
        Assert.Equal([false, true], messages.Select(m => m.HeaderOnly));
        Assert.DoesNotContain("xxxx", TestMessages.Text(messages[1].Raw), StringComparison.Ordinal);
        Assert.Single(Assert.IsType<Pop3Deleted>(reads[^1]).Uidls);
        Assert.Equal(1, await TestMessages.CountByPop3Async(mailbox));
    }

    [Fact]
    public async Task TheListingNamesWhatIsOnTheServerSoGoneUidlsCanBeForgotten()
    {
        await using var mailbox = await TestMailbox.CreateAsync("poplist");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 3).Select(i => TestMessages.Simple(i, mailbox.Address)));

        var reads = await ReadAllAsync(mailbox, new HashSet<string> { "gone-long-ago" });

        var listed = Assert.IsType<Pop3Listed>(reads[0]);
        Assert.Equal(3, listed.OnServer.Count);
        Assert.DoesNotContain("gone-long-ago", listed.OnServer);
    }

    /// <summary>About 200 KB: 2,000 lines of 100 'x'.</summary>
    private static byte[] Large(string to) => System.Text.Encoding.ASCII.GetBytes(
        $"From: big@example.test\r\nTo: {to}\r\nSubject: Large\r\nMessage-ID: <large.{Guid.NewGuid():N}@example.test>\r\n\r\n"
        + string.Concat(Enumerable.Repeat(new string('x', 100) + "\r\n", 2_000)));

    private static Pop3MailboxReader Reader() => new(TestNetwork.TestServers.Connector());

    private static async Task<List<Pop3Read>> ReadAllAsync(TestMailbox mailbox, IReadOnlySet<string> stored)
    {
        var reads = new List<Pop3Read>();
        await foreach (var read in Reader().ReadAsync(Endpoint(mailbox), stored, s_limits, CancellationToken.None))
        {
            reads.Add(read);
        }

        return reads;
    }

    private static MailEndpoint Endpoint(TestMailbox mailbox)
        => new(TestServices.Host, TestServices.Pop3Port, TransportSecurity.None, mailbox.UserName, mailbox.Password);
}
