using System.Collections.Immutable;
using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>Cursors and folders an admin may set wrongly never stop the mail that can be read. Real Dovecot, Azurite and Orleans.</summary>
[Collection(SharedClusters.Fetching)]
public sealed class FolderEdgeTests(OneSiloCluster cluster)
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ACursorAtTheLargestUidMeansNothingNewInsteadOfAFailure()
    {
        await using var mailbox = await TestMailbox.CreateAsync("maxuid");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        await account.WaitForCursorAsync("INBOX", p => p.LastUid == 1, s_patience, "the first mail");
        var first = await Eventually.MatchesAsync(async () => (await account.Grain.GetStatusAsync())!, s => s.LastFetchAt is not null && s.State == MailGrains.Accounts.FetchState.Idle, s_patience, "the first fetch to end");

        await account.PutLastUidsAsync(ImmutableDictionary<string, long>.Empty.Add("INBOX", uint.MaxValue));
        await account.Grain.RequestFetchAsync();
        var status = await Eventually.MatchesAsync(async () => (await account.Grain.GetStatusAsync())!, s => s.LastFetchAt > first.LastFetchAt && s.State != MailGrains.Accounts.FetchState.Fetching, s_patience, "a fetch after the cursor moved");

        Assert.Null(status.LastError);
        Assert.Equal(uint.MaxValue, status.Folders["INBOX"].LastUid);
    }

    [Fact]
    public async Task ASentFolderThatNoLongerExistsDoesNotStopTheInbox()
    {
        await using var mailbox = await TestMailbox.CreateAsync("nosent");
        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        await account.SetFoldersAsync(["INBOX"], sentFolder: "Gone");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        await account.Grain.RequestFetchAsync();

        var status = await account.WaitForCursorAsync("INBOX", p => p.LastUid == 1, s_patience, "the inbox despite the missing sent folder");

        Assert.Null(status.LastError);
        Assert.Equal(1, status.Fetched);
    }

    [Fact]
    public async Task AMissingSyncedFolderIsNamedWhileTheOthersAreReadWithoutBackOff()
    {
        await using var mailbox = await TestMailbox.CreateAsync("nofolder");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "Nope", "INBOX");

        var status = await account.WaitForCursorAsync("INBOX", p => p.LastUid == 1, s_patience, "the inbox after a missing folder");
        status = await Eventually.MatchesAsync(async () => (await account.Grain.GetStatusAsync())!, s => s.LastError is not null, s_patience, "the missing folder to be named");

        Assert.Contains("'Nope'", status.LastError, StringComparison.Ordinal);
        Assert.Equal(0, status.ConsecutiveFailures);
        Assert.Equal(1, status.Fetched);
    }
}
