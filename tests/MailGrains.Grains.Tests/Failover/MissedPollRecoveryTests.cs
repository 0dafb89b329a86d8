using MailGrains.Grains.Accounts;
using MailGrains.Grains.Failover;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Failover;

/// <summary>What a silo does with the polls a dead silo took with it.</summary>
public sealed class MissedPollRecoveryTests
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
    public async Task AnAccountCatchesUpAPollThatFellDueAfterItsLastFetchAndIgnoresOneThatFellDueBefore()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage);
        await cluster.DeployAsync();
        await using var mailbox = await TestMailbox.CreateAsync("catchup");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        var account = await ImapAccount.EnablePollingAsync(cluster.Client, mailbox, 3600);
        await account.WaitForCursorAsync("INBOX", p => p.LastUid >= 1, TimeSpan.FromMinutes(1), "the first mail");
        // The cursor is saved after each batch, the fetch time once the fetch has ended: wait for the end.
        var first = await Eventually.MatchesAsync(async () => (await account.Grain.GetStatusAsync())!, s => s.LastFetchAt is not null && s.State == MailGrains.Accounts.FetchState.Idle, TimeSpan.FromMinutes(1), "the first fetch to end");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(2, mailbox.Address)]);

        await account.Grain.CatchUpPollAsync(first.LastFetchAt!.Value - TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var ignored = await account.Grain.GetStatusAsync();
        await account.Grain.CatchUpPollAsync(DateTimeOffset.UtcNow);
        var caughtUp = await account.WaitForCursorAsync("INBOX", p => p.LastUid >= 2, TimeSpan.FromMinutes(1), "the caught-up poll to fetch the second message");

        Assert.Equal(1, ignored!.Fetched);
        Assert.Equal(first.LastFetchAt, ignored.LastFetchAt);
        Assert.Equal(2, caughtUp.Fetched);
    }

    private static ReminderEntry Reminder(string key, string name, DateTimeOffset startAt, TimeSpan period) => new()
    {
        GrainId = GrainId.Create("mailaccount", key),
        ReminderName = name,
        StartAt = startAt.UtcDateTime,
        Period = period,
    };
}
