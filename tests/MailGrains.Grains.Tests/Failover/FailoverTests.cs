using System.Collections.Concurrent;
using System.Diagnostics;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Hosting;
using MailGrains.Testing;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace MailGrains.Grains.Tests.Failover;

/// <summary>
/// Scale-out and failover with real accounts: 300 accounts polling the test Dovecot on a 3-silo cluster, mail
/// arriving while the busiest silo is killed and a new one is added. Nothing may be lost or stored twice, the
/// dead silo's accounts must go on polling on their own, and new activations must reach the new silo.
/// </summary>
[Collection(LongCollections.Failover)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const int AccountCount = 300;
    private const int PollSeconds = 60;
    private const int ArrivalRounds = 3;
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ThreeHundredAccountsKeepEveryMailExactlyOnceWhileASiloIsKilledAndAnotherAdded()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, silos: 3, silo => silo.Configure<ClusterMembershipOptions>(o => new MailGrainsClusterOptions().ApplyTo(o)));
        await cluster.DeployAsync();
        var mailboxes = await TestMailbox.CreateManyAsync("fo", AccountCount + 30);
        try
        {
            var polling = mailboxes.Take(AccountCount).ToList();
            await ForEachAsync(polling, m => TestMessages.AppendAsync(m, "INBOX", [TestMessages.Simple(1, m.Address)]));
            var accounts = new ConcurrentDictionary<TestMailbox, ImapAccount>();
            await ForEachAsync(polling, async m => accounts[m] = await ImapAccount.EnablePollingAsync(cluster.Client, m, PollSeconds));
            await WaitUntilEverythingIsStoredAsync(accounts.Values, expectedEach: 1, "the first fetch of every account");

            var hosts = accounts.Values.GroupBy(a => cluster.HostOf(a.Grain)).OrderByDescending(g => g.Count()).ToList();
            var victim = hosts[0].Key;
            var onVictim = hosts[0].ToList();
            output.WriteLine($"accounts per silo before the kill: {string.Join(", ", hosts.Select(g => $"{g.Key.SiloAddress}={g.Count()}"))}");

            // Mail keeps arriving for every account, before, during and after the failover.
            var arrivals = Task.Run(async () =>
            {
                for (var round = 2; round < 2 + ArrivalRounds; round++)
                {
                    await ForEachAsync(polling, m => TestMessages.AppendAsync(m, "INBOX", [TestMessages.Simple(round, m.Address)]));
                    await Task.Delay(TimeSpan.FromSeconds(10));
                }
            });
            await Task.Delay(TimeSpan.FromSeconds(5));
            var killedAt = DateTimeOffset.UtcNow;
            var sinceKill = Stopwatch.StartNew();
            await cluster.KillSiloAsync(victim);
            var added = await cluster.StartAdditionalSiloAsync();
            await arrivals;

            var done = await WaitUntilEverythingIsStoredAsync(accounts.Values, expectedEach: 1 + ArrivalRounds, "every arrived mail to be stored, by polling alone");
            output.WriteLine($"every message stored {sinceKill.Elapsed.TotalSeconds:F0} s after the kill of {victim.SiloAddress}; {added.SiloAddress} was added");

            foreach (var account in accounts.Values)
            {
                var (_, uids) = await account.ServerUidsAsync("INBOX");
                var activities = await account.ListAllAsync();
                Assert.Equal(uids, activities.Select(a => a.Location!.Uid).Order());
                Assert.Equal(activities.Count, activities.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count());
            }

            var victimStatuses = await Task.WhenAll(onVictim.Select(a => a.Grain.GetStatusAsync()));
            Assert.All(victimStatuses, s =>
            {
                Assert.NotEqual(victim.SiloAddress.ToString(), s!.Silo);
                Assert.True(s.LastFetchAt > killedAt, $"an account of the dead silo has not fetched since the kill (last fetch {s.LastFetchAt:o})");
            });
            var movedToNewSilo = victimStatuses.Count(s => s!.Silo == added.SiloAddress.ToString());
            output.WriteLine($"{onVictim.Count} accounts of the dead silo poll again; {movedToNewSilo} of them on the new silo; {done.Count} accounts in all");

            // Placement: activations made after the new silo joined land on it as well.
            var later = new List<ImapAccount>();
            foreach (var mailbox in mailboxes.Skip(AccountCount))
            {
                later.Add(await ImapAccount.EnablePollingAsync(cluster.Client, mailbox, PollSeconds));
            }

            var onNew = later.Count(a => cluster.HostOf(a.Grain).SiloAddress.Equals(added.SiloAddress));
            output.WriteLine($"{onNew} of {later.Count} accounts created after the new silo joined are active on it");
            Assert.InRange(onNew, 1, later.Count);
        }
        finally
        {
            await TestMailbox.DisposeManyAsync(mailboxes);
        }
    }

    private async Task<IReadOnlyList<MailGrains.Accounts.AccountStatus>> WaitUntilEverythingIsStoredAsync(ICollection<ImapAccount> accounts, int expectedEach, string what)
    {
        var started = Stopwatch.StartNew();
        var statuses = await Eventually.MatchesAsync(
            async () => (IReadOnlyList<MailGrains.Accounts.AccountStatus>)(await Task.WhenAll(accounts.Select(a => a.Grain.GetStatusAsync()))).Select(s => s!).ToList(),
            // The fetch time is saved when a fetch ends, after its batch is counted: wait for the fetches to end too.
            all => all.All(s => s.Fetched == expectedEach && s.State != MailGrains.Accounts.FetchState.Fetching),
            s_patience,
            what,
            TimeSpan.FromSeconds(2));
        output.WriteLine($"{what}: {started.Elapsed.TotalSeconds:F0} s");
        Assert.All(statuses!, s => Assert.Equal(expectedEach, s.Fetched));
        return statuses!;
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action)
        => Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) => await action(item));
}
