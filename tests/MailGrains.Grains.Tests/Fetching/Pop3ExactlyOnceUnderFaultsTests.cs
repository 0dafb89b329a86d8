using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// POP3 under a crash: the silo hosting the account dies after the owner stored a batch and before the
/// account could remember it and QUIT (the answer is held back by <see cref="HoldAfterStore"/>, then the
/// silo is killed). Nothing may be lost, nothing stored twice, and the mail must still leave the server.
/// </summary>
public sealed class Pop3ExactlyOnceUnderFaultsTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task KillingTheSiloBetweenStoreAndQuitLeavesEveryMessageStoredOnceAndTheServerEmpty()
    {
        await using var storage = new TestStorage();
        var hold = new HoldAfterStore(batch: 2);
        await using var cluster = TestClusterFactory.Create(storage, silos: 3, silo => silo.AddOutgoingGrainCallFilter(hold));
        await cluster.DeployAsync();
        await using var mailbox = await TestMailbox.CreateAsync("popkill");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 250).Select(i => TestMessages.Simple(i, mailbox.Address)));
        var account = await ImapAccount.EnablePop3Async(cluster.Client, mailbox);

        await hold.Stored.WaitAsync(s_patience);
        Assert.Equal(250, await TestMessages.CountByPop3Async(mailbox));
        await cluster.KillSiloAsync(cluster.HostOf(account.Grain));
        await Eventually.MatchesAsync(account.Grain.GetStatusAsync, s => s is not null, s_patience, "the account to answer on a surviving silo");
        Assert.True(await account.Grain.RequestFetchAsync(), "the account refused a fetch");
        await Eventually.MatchesAsync(() => TestMessages.CountByPop3Async(mailbox), n => n == 0, s_patience, "the server's mailbox to be emptied");

        var activities = await account.ListAllAsync();
        var status = await account.Grain.GetStatusAsync();
        Assert.Equal(250, activities.Count);
        Assert.Equal(250, activities.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(1, 250).Select(i => $"Test message {i}").Order(), activities.Select(a => a.Subject).Order());
        Assert.Equal(250, status!.Fetched);
    }
}
