using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Accounts;
using MailGrains.Grains.Fetching;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Pop3;
using MailGrains.Testing;
using MailGrains.Users;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// The POP3 fetch cycle with the real Dovecot and the owner's real grain and store: what it reports, applied to a sync
/// state as the account grain applies it, keeps every message exactly once. A crash is the cycle not being asked for
/// its next step (what a dead silo does); the reader's own behaviour is in the Mail tests.
/// </summary>
[Collection(SharedClusters.Faults)]
public sealed class Pop3FetchCycleTests(OneSiloCluster cluster) : IAsyncLifetime
{
    private readonly string _tenant = FreshNames.TenantId();

    private IClusterClient Client => cluster.Client;

    public Task InitializeAsync()
        => Client.GetGrain<IUserGrain>(GrainKeys.Scoped(_tenant, "anna")).SetProfileAsync(new UserProfile("Anna", "anna@example.test", "AA", false, Signature.None));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EveryMessageIsStoredOnceAndThenLeavesTheServer()
    {
        await using var mailbox = await TestMailbox.CreateAsync("pop");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 130).Select(i => TestMessages.Simple(i, mailbox.Address)));
        var sync = new SyncState();

        var added = await RunAsync(mailbox, sync);

        Assert.Equal(130, added);
        Assert.Empty(sync.Pop3Stored);
        Assert.Equal(0, await TestMessages.CountByPop3Async(mailbox));
        Assert.Equal(130, await CountActivitiesAsync());
    }

    [Fact]
    public async Task ACrashAfterTheLastStoreLeavesTheMailOnTheServerAndTheNextFetchDeletesItWithoutASecondActivity()
    {
        await using var mailbox = await TestMailbox.CreateAsync("popcrash");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 150).Select(i => TestMessages.Simple(i, mailbox.Address)));
        var sync = new SyncState();

        // Both batches stored (the first one's deletes were sent), then the silo dies before QUIT.
        await RunAsync(mailbox, sync, crashAfterStores: 2);

        Assert.Equal(150, await TestMessages.CountByPop3Async(mailbox));
        Assert.Equal(150, sync.Pop3Stored.Count);
        Assert.Equal(150, await CountActivitiesAsync());

        var added = await RunAsync(mailbox, sync);

        Assert.Equal(0, added);
        Assert.Equal(0, await TestMessages.CountByPop3Async(mailbox));
        Assert.Empty(sync.Pop3Stored);
        Assert.Equal(150, await CountActivitiesAsync());
    }

    [Fact]
    public async Task EvenWhenTheRememberedUidlsAreLostARepeatStoreAddsNoActivity()
    {
        await using var mailbox = await TestMailbox.CreateAsync("poplost");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 7).Select(i => TestMessages.Simple(i, mailbox.Address)));
        await RunAsync(mailbox, new SyncState(), crashAfterStores: 1);

        var added = await RunAsync(mailbox, new SyncState());

        Assert.Equal(0, added);
        Assert.Equal(0, await TestMessages.CountByPop3Async(mailbox));
        Assert.Equal(7, await CountActivitiesAsync());
    }

    /// <summary>Runs the cycle, applying its steps to <paramref name="sync"/>; stops without asking for more after that many stored batches.</summary>
    private async Task<int> RunAsync(TestMailbox mailbox, SyncState sync, int crashAfterStores = int.MaxValue)
    {
        var added = 0;
        var stores = 0;
        var stored = sync.Pop3Stored.ToImmutableHashSet(StringComparer.Ordinal);
        await foreach (var step in Cycle().RunAsync($"{_tenant}/box", Settings(), Endpoint(mailbox), stored, CancellationToken.None))
        {
            sync.Apply(step);
            if (step is Pop3Stored batch)
            {
                added += batch.Added;
                if (++stores == crashAfterStores)
                {
                    break;
                }
            }
        }

        return added;
    }

    private Pop3FetchCycle Cycle() => new(
        new Pop3MailboxReader(TestNetwork.TestServers.Connector()), Client, TestMeters.NewMetrics(), TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new MailOptions()));

    private static MailEndpoint Endpoint(TestMailbox mailbox)
        => new(TestServices.Host, TestServices.Pop3Port, TransportSecurity.None, mailbox.UserName, mailbox.Password);

    private static AccountConfiguration Settings() => new(
        new MailboxIdentity("Box", "box@example.test", null, ""),
        new ActivityFiling("anna", "E", null, ["AA"], []),
        new MailReceiving(true, MailProtocol.Pop3, new MailServer(TestServices.Host, TestServices.Pop3Port, Security.None, "x"), ["INBOX"], null, 300, 0),
        new MailSending(new MailServer(null, 0, Security.Auto, null), [], null, Signature.None));

    private async Task<int> CountActivitiesAsync()
    {
        var user = Client.GetGrain<IUserGrain>(GrainKeys.Scoped(_tenant, "anna"));
        var ids = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = await user.ListActivitiesAsync(ActivityFolder.Inbox, 100, cursor);
            foreach (var item in page.Items)
            {
                Assert.True(ids.Add(item.Id), $"duplicate activity {item.Id}");
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return ids.Count;
    }
}
