using MailGrains.Accounts;
using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// A tenant picks the servers the silos dial, so a server may hang for ever. Such a server never keeps an admin
/// from managing the account, never holds a fetch past its deadline, and never takes every fetch slot of a silo
/// from the other tenants. The hanging server is a scripted fake (<see cref="HostileImapServer"/>); the cluster,
/// storage and the other tenant's Dovecot are real.
/// </summary>
[Collection(SharedClusters.Fetching)]
public sealed class HostileServerTests(OneSiloCluster shared)
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AnAccountStuckOnAHangingServerIsReadAndSwitchedOffAtOnce()
    {
        await using var server = new HostileImapServer();
        await using var mailbox = await TestMailbox.CreateAsync("stuck");
        var account = await ImapAccount.EnableOnPortAsync(shared.Client, mailbox, server.Port);
        await Eventually.MatchesAsync(async () => (await account.Grain.GetStatusAsync())!, s => s.State == FetchState.Fetching && server.Connections > 0, s_patience, "the fetch to hang");

        var view = await account.Grain.GetAsync().WaitAsync(TimeSpan.FromSeconds(2));
        var switchedOff = await account.SetReceivingAsync(false).WaitAsync(TimeSpan.FromSeconds(5));
        var status = await account.Grain.GetStatusAsync();

        Assert.NotNull(view);
        Assert.Equal(AccountWriteOutcome.Updated, switchedOff.Outcome);
        Assert.Equal(FetchState.Disabled, status!.State);
        Assert.Null(status.LastError);
        Assert.Equal(0, status.ConsecutiveFailures);
    }

    [Fact]
    public async Task AFetchThatRunsPastItsDeadlineIsStoppedAndShownAsAnErrorWithBackOff()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, settings: new Dictionary<string, string?> { ["MailGrains:Mail:MaxFetchSeconds"] = "30" });
        await cluster.DeployAsync();
        await using var server = new HostileImapServer();
        await using var mailbox = await TestMailbox.CreateAsync("deadline");
        var account = await ImapAccount.EnableOnPortAsync(cluster.Client, mailbox, server.Port);

        var status = await Eventually.MatchesAsync(async () => (await account.Grain.GetStatusAsync())!, s => s.LastError is not null, s_patience, "the fetch to be stopped");

        Assert.Contains("took longer than 30 seconds", status.LastError, StringComparison.Ordinal);
        Assert.Equal(FetchState.Error, status.State);
        Assert.Equal(1, status.ConsecutiveFailures);
    }

    [Fact]
    public async Task OneTenantsHangingServersDoNotTakeEveryFetchSlotFromTheOthers()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, settings: new Dictionary<string, string?>
        {
            ["MailGrains:Mail:MaxConcurrentFetches"] = "3",
            ["MailGrains:Mail:MaxConcurrentFetchesPerTenant"] = "2",
        });
        await cluster.DeployAsync();
        await using var server = new HostileImapServer();
        await using var hostileBox = await TestMailbox.CreateAsync("greedy");
        await using var mailbox = await TestMailbox.CreateAsync("fair");
        var greedy = "t" + Guid.NewGuid().ToString("N")[..12];
        for (var i = 0; i < 3; i++)
        {
            await ImapAccount.EnableOnPortAsync(cluster.Client, hostileBox, server.Port, greedy, $"hang{i}");
        }

        await Eventually.MatchesAsync(() => Task.FromResult(server.Connections), n => n >= 2, s_patience, "the greedy tenant's fetches to hang");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        var other = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");

        var status = await other.WaitForCursorAsync("INBOX", p => p.LastUid == 1, TimeSpan.FromSeconds(30), "the other tenant's mail while the greedy tenant's fetches hang");

        Assert.Equal(1, status.Fetched);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task AServerThatSendsAnEndlessLiteralIsCutOffAfterABoundedNumberOfBytes()
    {
        await using var server = new HostileImapServer(HostileBehaviour.EndlessLiteral);
        await using var mailbox = await TestMailbox.CreateAsync("endless");
        var account = await ImapAccount.EnableOnPortAsync(shared.Client, mailbox, server.Port);

        var status = await Eventually.MatchesAsync(async () => (await account.Grain.GetStatusAsync())!, s => s.LastError is not null, s_patience, "the endless literal to be cut off");

        Assert.True(status.LastError!.Contains("sent more than", StringComparison.Ordinal), status.LastError + " after " + server.BodyBytesSent);
        Assert.InRange(server.BodyBytesSent, 1, 64L * 1024 * 1024);
        Assert.Equal(0, status.Fetched);
    }
}
