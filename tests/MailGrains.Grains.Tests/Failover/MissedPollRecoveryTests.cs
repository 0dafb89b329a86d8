using MailGrains.Grains.Accounts;
using MailGrains.Grains.Failover;
using MailGrains.Grains.Telemetry;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace MailGrains.Grains.Tests.Failover;

/// <summary>What a silo does with the polls a dead silo took with it.</summary>
[Collection(SharedClusters.Faults)]
public sealed class MissedPollRecoveryTests(OneSiloCluster cluster)
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OnlyFetchRemindersWhosePollFellDueInTheWindowAreAskedWithTheirDueTime()
    {
        var period = TimeSpan.FromMinutes(5);
        var dueInWindow = Reminder("t/a", MailAccountGrain.FetchReminder, s_now - TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(10), period);
        var dueBeforeWindow = Reminder("t/b", MailAccountGrain.FetchReminder, s_now - TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(50), period);
        var notStarted = Reminder("t/c", MailAccountGrain.FetchReminder, s_now + TimeSpan.FromMinutes(1), period);
        var otherReminder = Reminder("t/d", "outbox", s_now - TimeSpan.FromSeconds(10), period);

        var asked = MissedPollRecovery.PollsDueBetween([dueInWindow, dueBeforeWindow, notStarted, otherReminder], s_now - TimeSpan.FromSeconds(30), s_now).ToList();

        var (account, dueAt) = Assert.Single(asked);
        Assert.Equal(dueInWindow.GrainId, account);
        Assert.Equal(s_now - TimeSpan.FromSeconds(10), dueAt);
    }

    [Fact]
    public void EveryAccountWithAPushReminderIsAskedToResumePushWhateverItsPollAndNoOtherIs()
    {
        var period = TimeSpan.FromHours(1);
        var pushing = Reminder("t/a", MailAccountGrain.PushReminder, s_now - TimeSpan.FromDays(3), period);
        var pushingToo = Reminder("t/b", MailAccountGrain.PushReminder, s_now + TimeSpan.FromMinutes(1), period);
        var polling = Reminder("t/c", MailAccountGrain.FetchReminder, s_now - TimeSpan.FromSeconds(10), period);
        var otherReminder = Reminder("t/d", "outbox", s_now - TimeSpan.FromSeconds(10), period);

        var asked = MissedPollRecovery.PushAccounts([pushing, pushingToo, polling, otherReminder]).ToList();

        Assert.Equal([pushing.GrainId, pushingToo.GrainId], asked);
    }

    /// <summary>
    /// No sleep: a fetch for a poll records the poll's lag (now minus its due time) as it starts, before it reads
    /// anything. Had the account fetched for the poll that fell due a day before its last fetch, it would have recorded
    /// a lag of over a day by the time the second message is read, whichever fetch reads it. The account polls hourly
    /// and is asked for nothing else, so only the caught-up poll can read the second message.
    /// </summary>
    [Fact]
    public async Task AnAccountCatchesUpAPollThatFellDueAfterItsLastFetchAndIgnoresOneThatFellDueBefore()
    {
        await using var mailbox = await TestMailbox.CreateAsync("catchup");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        var account = await ImapAccount.EnablePollingAsync(cluster.Client, mailbox, 3600);
        await account.WaitForCursorAsync("INBOX", p => p.LastUid >= 1, TimeSpan.FromMinutes(1), "the first mail");
        // The cursor is saved after each batch, the fetch time once the fetch has ended: wait for the end.
        var first = await Eventually.MatchesAsync(async () => (await account.Grain.GetStatusAsync())!, s => s.LastFetchAt is not null && s.State == MailGrains.Accounts.FetchState.Idle, TimeSpan.FromMinutes(1), "the first fetch to end");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(2, mailbox.Address)]);
        using var lags = new MetricCollector<double>(cluster.SiloServices.GetRequiredService<MailGrainsMetrics>().FetchLag);

        await account.Grain.CatchUpPollAsync(first.LastFetchAt!.Value - TimeSpan.FromDays(1));
        await account.Grain.CatchUpPollAsync(DateTimeOffset.UtcNow);
        var caughtUp = await account.WaitForCursorAsync("INBOX", p => p.LastUid >= 2, TimeSpan.FromMinutes(1), "the caught-up poll to fetch the second message");

        Assert.Equal(2, caughtUp.Fetched);
        // Other accounts of the shared cluster may record lags too, but none of a day: their polls are ticked on time.
        var recorded = lags.GetMeasurementSnapshot().Select(m => m.Value).ToList();
        Assert.NotEmpty(recorded);
        Assert.All(recorded, lag => Assert.True(lag < TimeSpan.FromHours(1).TotalSeconds, $"a fetch started {lag:F0} s after its poll fell due: the account fetched for the poll due before its last fetch"));
    }

    private static ReminderEntry Reminder(string key, string name, DateTimeOffset startAt, TimeSpan period) => new()
    {
        GrainId = GrainId.Create("mailaccount", key),
        ReminderName = name,
        StartAt = startAt.UtcDateTime,
        Period = period,
    };
}
