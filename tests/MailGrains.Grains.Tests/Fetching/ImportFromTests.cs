using MailGrains.Accounts;
using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// What a new account imports of the mail already there ("importFrom"): all, nothing ("now") or what arrived on or after a
/// day; the cursor passes over what is skipped, so it never comes back. Real Dovecot, Azurite and Orleans.
/// </summary>
[Collection(SharedClusters.Fetching)]
public sealed class ImportFromTests(OneSiloCluster cluster)
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(1);
    private static readonly DateOnly s_day = new(2020, 2, 1);
    private static readonly DateTimeOffset s_before = new(2020, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_after = new(2020, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ImportingFromNowSkipsTheMailThereAndImportsOnlyWhatArrivesLater()
    {
        await using var mailbox = await TestMailbox.CreateAsync("fromnow");
        await TestMessages.AppendAsync(mailbox, "INBOX", [.. Enumerable.Range(1, 3).Select(i => TestMessages.Simple(i, mailbox.Address))]);

        var account = await ImapAccount.EnableImportingAsync(cluster.Client, mailbox, ImportFrom.Now);
        var status = await account.WaitForFirstFetchAsync(s_patience);

        Assert.Null(status.LastError);
        Assert.Equal(3u, status.Folders["INBOX"].LastUid);
        Assert.Empty(await account.ListAllAsync());

        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(4, mailbox.Address)]);
        status = await account.FetchAndWaitAsync(s_patience);

        Assert.Equal(4u, status.Folders["INBOX"].LastUid);
        Assert.Equal(["Test message 4"], (await account.ListAllAsync()).Select(a => a.Subject));

        await account.FetchAndWaitAsync(s_patience);

        Assert.Single(await account.ListAllAsync());
    }

    [Fact]
    public async Task ImportingFromADayTakesOnlyMailReceivedOnOrAfterItAndPassesOverTheRest()
    {
        await using var mailbox = await TestMailbox.CreateAsync("fromday");
        // UIDs 1-5 alternate old and new mail; the last one is old, so the cursor must pass over it too.
        foreach (var (number, received) in new[] { (1, s_before), (2, s_after), (3, s_before), (4, s_after), (5, s_before) })
        {
            await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(number, mailbox.Address)], received);
        }

        var account = await ImapAccount.EnableImportingAsync(cluster.Client, mailbox, ImportFrom.From(s_day));
        var status = await account.WaitForFirstFetchAsync(s_patience);

        Assert.Null(status.LastError);
        Assert.Equal(5u, status.Folders["INBOX"].LastUid);
        Assert.Equal(["Test message 2", "Test message 4"], await SubjectsAsync(account));

        // Later mail is imported whatever its date: the setting only decides where a folder's first read begins.
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(6, mailbox.Address)]);
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(7, mailbox.Address)], s_before);
        await account.FetchAndWaitAsync(s_patience);
        await account.FetchAndWaitAsync(s_patience);

        Assert.Equal(["Test message 2", "Test message 4", "Test message 6", "Test message 7"], await SubjectsAsync(account));
    }

    [Fact]
    public async Task AfterAUidValidityChangeAnAccountImportingFromNowStillSkipsOlderMail()
    {
        await using var mailbox = await TestMailbox.CreateAsync("fromnowreset");
        await TestMessages.AppendAsync(mailbox, "Archive", [TestMessages.Simple(1, mailbox.Address)]);
        var account = await ImapAccount.EnableImportingAsync(cluster.Client, mailbox, ImportFrom.Now, folder: "Archive");
        var first = await account.WaitForFirstFetchAsync(s_patience);
        Assert.Equal(1u, first.Folders["Archive"].LastUid);

        // A new folder of that name: a new UIDVALIDITY, holding old mail (by its internal date) and new.
        await TestMessages.RecreateAsync(mailbox, "Archive");
        await TestMessages.AppendAsync(mailbox, "Archive", [TestMessages.Simple(2, mailbox.Address)], s_before);
        await TestMessages.AppendAsync(mailbox, "Archive", [TestMessages.Simple(3, mailbox.Address)]);
        var status = await account.FetchAndWaitAsync(s_patience);

        Assert.Null(status.LastError);
        Assert.NotEqual(first.Folders["Archive"].UidValidity, status.Folders["Archive"].UidValidity);
        Assert.Equal(2u, status.Folders["Archive"].LastUid);
        Assert.Equal(["Test message 3"], await SubjectsAsync(account));
    }

    [Fact]
    public async Task APop3AccountImportingFromNowLeavesTheMailThereOnTheServerAndDeletesOnlyWhatItStored()
    {
        await using var mailbox = await TestMailbox.CreateAsync("popnow");
        await TestMessages.AppendAsync(mailbox, "INBOX", [.. Enumerable.Range(1, 3).Select(i => TestMessages.Simple(i, mailbox.Address))]);

        var account = await ImapAccount.EnableImportingAsync(cluster.Client, mailbox, ImportFrom.Now, MailProtocol.Pop3);
        var status = await account.WaitForFirstFetchAsync(s_patience);

        Assert.Null(status.LastError);
        Assert.Empty(await account.ListAllAsync());
        Assert.Equal(3, await TestMessages.CountByPop3Async(mailbox));

        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(4, mailbox.Address)]);
        status = await account.FetchAndWaitAsync(s_patience);

        Assert.Null(status.LastError);
        Assert.Equal(["Test message 4"], await SubjectsAsync(account));
        Assert.Equal(["Test message 1", "Test message 2", "Test message 3"], await TestMessages.SubjectsAsync(mailbox, "INBOX"));

        await account.FetchAndWaitAsync(s_patience);

        Assert.Single(await account.ListAllAsync());
        Assert.Equal(3, await TestMessages.CountByPop3Async(mailbox));
    }

    private static async Task<IReadOnlyList<string?>> SubjectsAsync(ImapAccount account)
        => [.. (await account.ListAllAsync()).Select(a => a.Subject).Order(StringComparer.Ordinal)];
}
