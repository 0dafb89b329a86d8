using System.Diagnostics;
using MailGrains.Accounts;
using MailGrains.Grains.Telemetry;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Hosting;
using MailGrains.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace MailGrains.Grains.Tests.Push;

/// <summary>
/// When a silo dies, its accounts push again on the survivors at once: they poll every two hours, so neither a poll nor
/// the hourly push reminder can bring them back within the test's patience; only the recovery's resume can.
/// </summary>
public sealed class PushFailoverTests(ITestOutputHelper output)
{
    private const int AccountCount = 6;
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);

    private static Task<long> UntilOwnerHoldsAsync(ImapAccount account, long activities)
        => Eventually.MatchesAsync(
            () => account.Owner.CountActivitiesAsync(account.AccountId),
            n => n == activities,
            s_patience,
            "the mail to become an activity of the owner",
            TimeSpan.FromSeconds(1));

    [Fact]
    public async Task TheAccountsOfAKilledSiloPushOnTheSurvivorsAndTheirNewMailBecomesActivities()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(
            storage,
            silos: 3,
            silo => silo.Configure<ClusterMembershipOptions>(o => new MailGrainsClusterOptions().ApplyTo(o)),
            settings: new Dictionary<string, string?> { ["MailGrains:Mail:MaxIdleSessions"] = "100" });
        await cluster.DeployAsync();
        var mailboxes = await TestMailbox.CreateManyAsync("pushfail", AccountCount);
        try
        {
            var mailboxOf = new Dictionary<ImapAccount, TestMailbox>();
            foreach (var mailbox in mailboxes)
            {
                mailboxOf[await ImapAccount.EnableWithPushAsync(cluster.Client, mailbox, 7200, PushMode.Auto)] = mailbox;
            }

            foreach (var (account, mailbox) in mailboxOf)
            {
                await PushTests.UntilPushingAsync(account, mailbox);
            }

            var victim = mailboxOf.Keys.GroupBy(a => cluster.HostOf(a.Grain)).OrderByDescending(g => g.Count()).First();
            var onVictim = victim.ToList();
            var survivors = cluster.Silos.Where(s => !s.SiloAddress.Equals(victim.Key.SiloAddress)).ToList();
            Assert.True(onVictim.Count >= 2, $"only {onVictim.Count} account is active on the busiest silo");
            var resumed = survivors.Select(s => new MetricCollector<long>(s.ServiceProvider.GetRequiredService<MailGrainsMetrics>().PushResumed)).ToList();
            try
            {
                var sinceKill = Stopwatch.StartNew();
                await cluster.KillSiloAsync(victim.Key);
                var sessionsAfterKill = await Task.WhenAll(onVictim.Select(a => PushMail.ImapSessionsAsync(mailboxOf[a])));
                output.WriteLine($"IMAP sessions of the killed silo's mailboxes right after the kill: {string.Join(", ", sessionsAfterKill)}");

                // Mail that arrives while no silo watches. Only the owners are asked (not the accounts, which a call would
                // activate): the activity shows that the recovery's resume brought the account back, and the watch's
                // first report fetched what came while none watched.
                foreach (var account in onVictim)
                {
                    await PushMail.DeliverAsync(mailboxOf[account], "While the silo died");
                }

                foreach (var account in onVictim)
                {
                    await UntilOwnerHoldsAsync(account, 1);
                }

                output.WriteLine($"the {onVictim.Count} accounts of {victim.Key.SiloAddress} fetched again {sinceKill.Elapsed.TotalSeconds:F0} s after the kill");
                Assert.Equal(AccountCount, resumed.Sum(c => c.GetMeasurementSnapshot().Sum(m => m.Value)));

                // And they push on the survivor: the next mail comes by IDLE.
                foreach (var account in onVictim)
                {
                    await PushTests.UntilPushingAsync(account, mailboxOf[account]);
                    await PushMail.DeliverAsync(mailboxOf[account], "After the failover");
                }

                foreach (var account in onVictim)
                {
                    var status = await PushTests.UntilFetchedAsync(account, 2, "the mail after the failover to become an activity");
                    Assert.Equal(PushState.Active, status.Push);
                    Assert.NotEqual(victim.Key.SiloAddress.ToString(), status.Silo);
                }
            }
            finally
            {
                resumed.ForEach(c => c.Dispose());
            }
        }
        finally
        {
            await TestMailbox.DisposeManyAsync(mailboxes);
        }
    }
}
