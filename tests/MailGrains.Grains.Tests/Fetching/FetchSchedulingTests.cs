using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>Asking for a fetch never waits for the fetch that is running.</summary>
public sealed class FetchSchedulingTests
{
    [Fact]
    public async Task AFetchRequestAndACatchUpAnswerWhileAFetchIsHeldMidwayAndAnotherFetchFollowsIt()
    {
        await using var storage = new TestStorage();
        var hold = new HoldAfterStore(batch: 1);
        await using var cluster = TestClusterFactory.Create(storage, configureSilo: silo => silo.AddOutgoingGrainCallFilter(hold));
        await cluster.DeployAsync();
        await using var mailbox = await TestMailbox.CreateAsync("sched");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        await hold.Stored.WaitAsync(TimeSpan.FromSeconds(60));

        // The fetch is stuck after storing its batch. Without interleaving these calls would wait for it (forever).
        var accepted = await account.Grain.RequestFetchAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await account.Grain.CatchUpPollAsync(DateTimeOffset.UtcNow).WaitAsync(TimeSpan.FromSeconds(20));
        var during = await account.Grain.GetStatusAsync();
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(2, mailbox.Address)]);
        hold.Release();
        var after = await account.WaitForCursorAsync("INBOX", p => p.LastUid == 2, TimeSpan.FromSeconds(60), "the requested fetch to follow the held one");

        Assert.True(accepted);
        Assert.Equal(MailGrains.Accounts.FetchState.Fetching, during!.State);
        Assert.Equal(2, after.Fetched);
    }
}
