using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Accounts;

/// <summary>On-demand server work runs beside the account grain and never waits for its fetch. Real Dovecot.</summary>
public sealed class AccountServerGrainTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ASpamMoveAndAConnectionTestAnswerWhileTheAccountsFetchIsHeldAfterStoringItsBatch()
    {
        await using var storage = new TestStorage();
        var hold = new HoldAfterStore(batch: 1);
        await using var cluster = TestClusterFactory.Create(storage, configureSilo: silo => silo.AddOutgoingGrainCallFilter(hold));
        await cluster.DeployAsync();
        await using var mailbox = await TestMailbox.CreateAsync("spamheld");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address), TestMessages.Simple(2, mailbox.Address)]);
        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        await hold.Stored.WaitAsync(s_patience);
        try
        {
            // The fetch stored its batch with the owner and is stuck before it can save its cursor: the account grain's
            // turn does not end. The owner waits for the spam move, as the fetch would wait for the owner.
            var spam = (await account.ListAllAsync()).Single(a => a.Subject == "Test message 2");
            var marked = await account.Owner.MarkSpamAsync(spam.Id).WaitAsync(s_patience);
            var test = await cluster.Client.GetGrain<IAccountServerGrain>(GrainKeys.Scoped(account.TenantId, account.AccountId)).TestConnectionsAsync().WaitAsync(s_patience);
            var during = await account.Grain.GetStatusAsync();

            Assert.Equal(SpamOutcome.Marked, marked.Outcome);
            Assert.True(test!.Incoming.Ok, test.Incoming.Error);
            Assert.Equal(FetchState.Fetching, during!.State);
            Assert.Equal(["Test message 2"], await TestMessages.SubjectsAsync(mailbox, "Junk"));
            Assert.Equal("Test message 2", Assert.Single(await account.ListAllAsync(ActivityFolder.Spam)).Subject);
        }
        finally
        {
            hold.Release();
        }
    }

    [Fact]
    public async Task NoGrainCallCarriesAPlaintextPasswordWhenConnectionsAreTestedFoldersListedAndSpamMoved()
    {
        await using var storage = new TestStorage();
        var watch = new PasswordWatch();
        await using var cluster = TestClusterFactory.Create(storage, configureSilo: watch.AddTo);
        await cluster.DeployAsync();
        await using var mailbox = await TestMailbox.CreateAsync("spamwatch");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        watch.Watch(mailbox.Password);
        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        var seenOnWrite = watch.Leaks;
        await account.WaitForCursorAsync("INBOX", p => p.LastUid == 1, s_patience, "the mail");
        watch.Clear();

        var servers = cluster.Client.GetGrain<IAccountServerGrain>(GrainKeys.Scoped(account.TenantId, account.AccountId));
        var test = await servers.TestConnectionsAsync();
        var folders = await servers.ListServerFoldersAsync();
        var marked = await account.Owner.MarkSpamAsync(Assert.Single(await account.ListAllAsync()).Id);

        Assert.NotEmpty(seenOnWrite); // the admin's new password does travel to the account grain, and the watch sees it
        Assert.True(test!.Incoming.Ok, test.Incoming.Error);
        Assert.Null(folders!.Error);
        Assert.Equal(SpamOutcome.Marked, marked.Outcome);
        Assert.Empty(watch.Leaks);
    }
}
