using System.Collections.Immutable;
using System.Diagnostics;
using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Fetching;
using MailGrains.Testing;
using Xunit.Abstractions;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// The ingest invariant under faults: every message of a synced folder becomes exactly one activity, when the
/// silo hosting the account dies mid-fetch, when the cursor is moved back, and when a folder gets a new UIDVALIDITY.
/// </summary>
[Collection(SharedClusters.Faults)]
public sealed class ExactlyOnceUnderFaultsTests(OneSiloCluster shared, ITestOutputHelper output)
{
    private const int ChunkSize = 500;
    private static readonly TimeSpan s_fetchPatience = TimeSpan.FromMinutes(2);

    /// <summary>A killed silo's activations move only after membership declares it dead.</summary>
    private static readonly TimeSpan s_failoverPatience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task KillingTheSiloThatHostsTheAccountMidFetchStoresEveryMessageExactlyOnce()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, silos: 3);
        await cluster.DeployAsync();
        await using var mailbox = await TestMailbox.CreateAsync("kill");
        for (var first = 1; first <= 3000; first += ChunkSize)
        {
            await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(first, ChunkSize).Select(i => TestMessages.Simple(i, mailbox.Address)));
        }

        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        var (uidValidity, uids) = await account.ServerUidsAsync("INBOX");
        var host = cluster.HostOf(account.Grain);
        var partly = await Eventually.MatchesAsync(account.Grain.GetStatusAsync, s => s is { Fetched: > 0 }, s_fetchPatience, "the first stored batch", TimeSpan.FromMilliseconds(20));
        await cluster.KillSiloAsync(host);
        var sinceKill = Stopwatch.StartNew();

        var resumed = await Eventually.MatchesAsync(account.Grain.GetStatusAsync, s => s is not null, s_failoverPatience, "the account to answer on a surviving silo");
        var answered = sinceKill.Elapsed;
        var resumedAt = resumed!.Folders.GetValueOrDefault("INBOX")?.LastUid ?? 0;
        Assert.True(await account.Grain.RequestFetchAsync(), "the account refused a fetch");

        Assert.Equal(3000, uids.Count);
        Assert.InRange(partly!.Fetched, 1, uids.Count - 1);
        Assert.True(resumedAt < uids[^1], $"the fetch had finished before the kill (cursor {resumedAt})");
        Assert.NotEqual(host.SiloAddress, cluster.HostOf(account.Grain).SiloAddress);
        var done = await account.WaitForCursorAsync("INBOX", p => p.LastUid == uids[^1], s_failoverPatience, "the cursor to reach the last UID");
        var finished = sinceKill.Elapsed;
        var activities = await account.ListAllAsync();

        output.WriteLine(
            $"killed {host.SiloAddress} at Fetched={partly.Fetched}; the account answered on a surviving silo after {answered.TotalSeconds:F1} s " +
            $"with Fetched={resumed.Fetched}, cursor {resumedAt}; " +
            $"everything was stored {finished.TotalSeconds:F1} s after the kill; Fetched={done.Fetched}, activities={activities.Count}");
        Assert.Equal(uids.Count, activities.Count);
        Assert.Equal(activities.Count, activities.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(uids, activities.Select(a => a.Location!.Uid).Order());
        Assert.All(activities, a => Assert.Equal(new ServerLocation("INBOX", uidValidity, a.Location!.Uid), a.Location));
        Assert.Equal(new FolderPosition(uidValidity, uids[^1]), done.Folders["INBOX"]);
    }

    [Fact]
    public async Task ACrashAfterABatchIsStoredButBeforeItsCursorIsSavedLeavesEveryMessageStoredAndCountedOnce()
    {
        await using var storage = new TestStorage();
        var hold = new HoldAfterStore(batch: 2);
        await using var cluster = TestClusterFactory.Create(storage, silos: 3, silo => silo.AddOutgoingGrainCallFilter(hold));
        await cluster.DeployAsync();
        await using var mailbox = await TestMailbox.CreateAsync("window");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 600).Select(i => TestMessages.Simple(i, mailbox.Address)));
        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        var (uidValidity, uids) = await account.ServerUidsAsync("INBOX");
        await hold.Stored.WaitAsync(s_fetchPatience);
        await cluster.KillSiloAsync(cluster.HostOf(account.Grain));

        var resumed = await Eventually.MatchesAsync(account.Grain.GetStatusAsync, s => s is not null, s_failoverPatience, "the account to answer on a surviving silo");
        Assert.True(await account.Grain.RequestFetchAsync(), "the account refused a fetch");
        var done = await account.WaitForCursorAsync("INBOX", p => p.LastUid == uids[^1], s_failoverPatience, "the cursor to reach the last UID");
        var activities = await account.ListAllAsync();

        Assert.Equal(new FolderPosition(uidValidity, uids[ImapFetchCycle.BatchSize - 1]), resumed!.Folders["INBOX"]);
        Assert.Equal(600, activities.Count);
        Assert.Equal(600, activities.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(uids, activities.Select(a => a.Location!.Uid).Order());
        Assert.Equal(new FolderPosition(uidValidity, uids[^1]), done.Folders["INBOX"]);
        Assert.True(
            activities.Count == done.Fetched,
            $"the status counts {done.Fetched} fetched messages, but {activities.Count} were stored: the batch stored before the crash is counted by nobody");
    }

    [Fact]
    public async Task FetchingAgainAfterTheCursorIsMovedBackStoresNoDuplicates()
    {
        await using var mailbox = await TestMailbox.CreateAsync("rewind");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 450).Select(i => TestMessages.Simple(i, mailbox.Address)));
        var account = await ImapAccount.EnableAsync(shared.Client, mailbox, "INBOX");
        var (uidValidity, uids) = await account.ServerUidsAsync("INBOX");
        var first = await account.WaitForCursorAsync("INBOX", p => p.LastUid == uids[^1], s_fetchPatience, "the first fetch to store everything");
        var before = await account.ListAllAsync();

        var moved = await account.PutLastUidsAsync(ImmutableDictionary<string, long>.Empty.Add("INBOX", 0));
        Assert.Equal(0u, moved.View!.Cursors["INBOX"].LastUid);
        Assert.True(await account.Grain.RequestFetchAsync());
        var again = await account.WaitForCursorAsync("INBOX", p => p.LastUid == uids[^1], s_fetchPatience, "the re-fetch to read everything again");
        var after = await account.ListAllAsync();

        Assert.Equal(450, first.Fetched);
        Assert.Equal(450, before.Count);
        Assert.Equal(450, again.Fetched);
        Assert.Equal(before.Select(a => a.Id), after.Select(a => a.Id));
        Assert.Equal(uids, after.Select(a => a.Location!.Uid).Order());
        Assert.Equal(new FolderPosition(uidValidity, uids[^1]), again.Folders["INBOX"]);
    }

    [Fact]
    public async Task AFolderRecreatedWithANewUidValidityAndTheSameMessagesStoresNoDuplicates()
    {
        await using var mailbox = await TestMailbox.CreateAsync("uidvalidity");
        var archived = Enumerable.Range(1, 250).Select(i => TestMessages.Simple(i, mailbox.Address)).ToList();
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1000, mailbox.Address)]);
        await TestMessages.AppendAsync(mailbox, "Archive", archived);
        var account = await ImapAccount.EnableAsync(shared.Client, mailbox, "INBOX", "Archive");
        var (oldValidity, oldUids) = await account.ServerUidsAsync("Archive");
        var first = await account.WaitForCursorAsync("Archive", p => p == new FolderPosition(oldValidity, oldUids[^1]), s_fetchPatience, "the first fetch to store the archive");
        var before = await account.ListAllAsync();

        await TestMessages.RecreateAsync(mailbox, "Archive");
        await TestMessages.AppendAsync(mailbox, "Archive", archived);
        var (newValidity, newUids) = await account.ServerUidsAsync("Archive");
        Assert.True(await account.Grain.RequestFetchAsync());
        var again = await account.WaitForCursorAsync("Archive", p => p.UidValidity == newValidity && p.LastUid == newUids[^1], s_fetchPatience, "the re-fetch under the new UIDVALIDITY");
        var after = await account.ListAllAsync();

        Assert.NotEqual(oldValidity, newValidity);
        Assert.Equal(250, newUids.Count);
        Assert.Equal(251, first.Fetched);
        Assert.Equal(251, before.Count);
        Assert.Equal(251, again.Fetched);
        Assert.Equal(before.Select(a => a.Id), after.Select(a => a.Id));
        Assert.Equal(new FolderPosition(newValidity, newUids[^1]), again.Folders["Archive"]);
        Assert.Equal(first.Folders["INBOX"], again.Folders["INBOX"]);
    }
}
