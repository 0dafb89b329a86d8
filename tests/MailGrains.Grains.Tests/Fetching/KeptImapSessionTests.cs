using MailGrains.Grains.Tests.Telemetry;
using MailGrains.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// An account that polls often keeps its IMAP session open between polls. A poll on the kept session must see
/// everything a new session would, and a session the server closed meanwhile must be replaced without an error.
/// Accounts poll every 300 s (still kept), so no reminder of an earlier test's account adds to the sessions counted.
/// </summary>
public sealed class KeptImapSessionTests(TelemetryCluster cluster) : IClassFixture<TelemetryCluster>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task APollOnTheKeptSessionFetchesTheMailThatArrivedSinceTheLastPoll()
    {
        await using var mailbox = await TestMailbox.CreateAsync("kept");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        using var sessions = new MetricCollector<long>(cluster.Metrics.ImapSessions);
        var account = await ImapAccount.EnablePollingAsync(cluster.Client, mailbox, 300);
        await account.WaitForCursorAsync("INBOX", p => p.LastUid == 1, s_patience, "the first fetch");

        for (var next = 2; next <= 3; next++)
        {
            await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(next, mailbox.Address)]);
            Assert.True(await account.Grain.RequestFetchAsync());
            var uid = (uint)next;
            await account.WaitForCursorAsync("INBOX", p => p.LastUid == uid, s_patience, $"poll {next} to fetch message {next}");
        }

        var status = await account.Grain.GetStatusAsync();
        Assert.Equal(3, status!.Fetched);
        Assert.Null(status.LastError);
        Assert.Equal(["new", "reused", "reused"], sessions.GetMeasurementSnapshot().Select(m => (string)m.Tags["session"]!));
    }

    [Fact]
    public async Task ASessionTheServerClosedIsReplacedAndThePollSucceeds()
    {
        await using var mailbox = await TestMailbox.CreateAsync("kicked");
        using var sessions = new MetricCollector<long>(cluster.Metrics.ImapSessions);
        var account = await ImapAccount.EnablePollingAsync(cluster.Client, mailbox, 300);
        await sessions.WaitForMeasurementsAsync(1, s_patience);
        await Eventually.MatchesAsync(account.Grain.GetStatusAsync, s => s!.LastFetchAt is not null && s.State == MailGrains.Accounts.FetchState.Idle, s_patience, "the first fetch to end");

        await mailbox.KickSessionsAsync();
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        Assert.True(await account.Grain.RequestFetchAsync());
        var status = await account.WaitForCursorAsync("INBOX", p => p.LastUid == 1, s_patience, "the poll after the kick to fetch the new message");

        Assert.Null(status.LastError);
        Assert.Equal(0, status.ConsecutiveFailures);
        // The kept session is tried first (when the client has not noticed the close yet), then a new one is opened.
        var used = sessions.GetMeasurementSnapshot().Select(m => (string)m.Tags["session"]!).ToList();
        Assert.Equal("new", used[0]);
        Assert.Equal("new", used[^1]);
        Assert.InRange(used.Count, 2, 3);
    }

    [Fact]
    public async Task AnAccountThatPollsRarelyLogsOutAfterEachPoll()
    {
        await using var mailbox = await TestMailbox.CreateAsync("rare");
        using var sessions = new MetricCollector<long>(cluster.Metrics.ImapSessions);
        var account = await ImapAccount.EnablePollingAsync(cluster.Client, mailbox, 3600);
        await sessions.WaitForMeasurementsAsync(1, s_patience);
        await Eventually.MatchesAsync(account.Grain.GetStatusAsync, s => s!.LastFetchAt is not null && s.State == MailGrains.Accounts.FetchState.Idle, s_patience, "the first fetch to end");
        Assert.True(await account.Grain.RequestFetchAsync());
        await sessions.WaitForMeasurementsAsync(2, s_patience);

        Assert.Equal(["new", "new"], sessions.GetMeasurementSnapshot().Select(m => (string)m.Tags["session"]!));
    }
}
