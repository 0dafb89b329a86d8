using System.Diagnostics;
using MailGrains.Grains.Accounts;
using MailGrains.Grains.Telemetry;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Hosting;
using MailGrains.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace MailGrains.Grains.Tests.Failover;

/// <summary>
/// The polls a killed silo took with it are caught up on the survivors at once, not at the next poll. The accounts
/// poll hourly and the test waits a minute, so only the missed-poll recovery can make them fetch in time: ordinary
/// reminder ticks on the survivors come an hour later.
/// </summary>
public sealed class DeadSiloPollRecoveryTests(ITestOutputHelper output)
{
    private const int AccountCount = 12;
    private const int PollSeconds = 3600;
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EveryAccountOfAKilledSiloFetchesItsMailOnTheSurvivorsLongBeforeItsNextPoll()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, silos: 3, silo => silo.Configure<ClusterMembershipOptions>(o => new MailGrainsClusterOptions().ApplyTo(o)));
        await cluster.DeployAsync();
        var mailboxes = await TestMailbox.CreateManyAsync("dead", AccountCount);
        try
        {
            var mailboxOf = new Dictionary<ImapAccount, TestMailbox>();
            foreach (var mailbox in mailboxes)
            {
                await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
                mailboxOf[await ImapAccount.EnablePollingAsync(cluster.Client, mailbox, PollSeconds)] = mailbox;
            }

            var accounts = mailboxOf.Keys.ToList();

            // Enabling receiving fetches once; the fetch time is saved once the fetch has ended.
            await Eventually.MatchesAsync(
                () => Task.WhenAll(accounts.Select(a => a.Grain.GetStatusAsync())),
                all => all.All(s => s is { Fetched: 1, LastFetchAt: not null, State: MailGrains.Accounts.FetchState.Idle }),
                TimeSpan.FromMinutes(1),
                "the first fetch of every account to end");

            var victim = accounts.GroupBy(a => cluster.HostOf(a.Grain)).OrderByDescending(g => g.Count()).First();
            var onVictim = victim.ToList();
            var survivors = cluster.Silos.Where(s => !s.SiloAddress.Equals(victim.Key.SiloAddress)).ToList();
            Assert.True(onVictim.Count >= 2, $"only {onVictim.Count} account is active on the busiest silo");
            foreach (var account in onVictim)
            {
                await TestMessages.AppendAsync(mailboxOf[account], "INBOX", [TestMessages.Simple(2, mailboxOf[account].Address)]);
            }

            // The clock stand-in: an hourly poll of the victim's accounts fell due just now, while the silo was about
            // to die. Its reminder service read its rows before, so it never ticks them; the survivors that take the
            // rows over would tick them next an hour later.
            var reminders = survivors[0].ServiceProvider.GetRequiredService<IReminderTable>();
            var dueAt = DateTimeOffset.UtcNow;
            foreach (var account in onVictim)
            {
                var entry = await reminders.ReadRow(account.Grain.GetGrainId(), MailAccountGrain.FetchReminder);
                Assert.NotNull(entry);
                entry.StartAt = dueAt.UtcDateTime;
                await reminders.UpsertRow(entry);
            }

            var recovered = survivors.Select(s => new MetricCollector<long>(s.ServiceProvider.GetRequiredService<MailGrainsMetrics>().PollsRecovered)).ToList();
            try
            {
                var sinceKill = Stopwatch.StartNew();
                await cluster.KillSiloAsync(victim.Key);

                var statuses = await Eventually.MatchesAsync(
                    () => Task.WhenAll(onVictim.Select(a => a.Grain.GetStatusAsync())),
                    // The fetch time is saved when the fetch ends, after the batch is counted: wait for Idle too.
                    all => all.All(s => s is { Fetched: 2, State: MailGrains.Accounts.FetchState.Idle }),
                    s_patience,
                    "every account of the killed silo to fetch its second mail and end the fetch",
                    TimeSpan.FromSeconds(1));
                output.WriteLine($"the {onVictim.Count} accounts of {victim.Key.SiloAddress} fetched {sinceKill.Elapsed.TotalSeconds:F0} s after the kill");
                var counted = await Eventually.MatchesAsync(
                    () => Task.FromResult(recovered.Sum(c => c.GetMeasurementSnapshot().Sum(m => m.Value))),
                    sum => sum >= onVictim.Count,
                    TimeSpan.FromSeconds(10),
                    "the recovered polls to be counted");

                Assert.Equal(onVictim.Count, counted);
                Assert.All(statuses, s =>
                {
                    Assert.NotEqual(victim.Key.SiloAddress.ToString(), s!.Silo);
                    Assert.True(s.LastFetchAt >= dueAt, $"an account of the dead silo fetched last at {s.LastFetchAt:o}, before its missed poll");
                });
            }
            finally
            {
                recovered.ForEach(c => c.Dispose());
            }
        }
        finally
        {
            await TestMailbox.DisposeManyAsync(mailboxes);
        }
    }
}
