using System.Diagnostics.Metrics;
using MailGrains.Accounts;
using MailGrains.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Push;

/// <summary>The silo's IDLE budget (<c>MailGrains:Mail:MaxIdleSessions</c>): beyond it an account polls, and takes a place that frees up at its next successful fetch.</summary>
public sealed class PushBudgetTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task BeyondTheBudgetAnAccountPollsAndTakesAFreedPlaceAtItsNextFetch()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, settings: new Dictionary<string, string?> { ["MailGrains:Mail:MaxIdleSessions"] = "1" });
        await cluster.DeployAsync();
        await using var first = await TestMailbox.CreateAsync("budget");
        await using var second = await TestMailbox.CreateAsync("budget");
        var pushing = await ImapAccount.EnableWithPushAsync(cluster.Client, first, 7200, PushMode.Auto);
        await PushTests.UntilPushingAsync(pushing, first);

        var waiting = await ImapAccount.EnableWithPushAsync(cluster.Client, second, 7200, PushMode.Auto);
        var status = await waiting.WaitForFirstFetchAsync(s_patience);

        Assert.Equal(PushState.Polling, status.Push);
        Assert.Equal(PushState.Active, (await pushing.Grain.GetStatusAsync())!.Push);
        Assert.Equal(0, await PushMail.ImapSessionsAsync(second));
        using (var sessions = new MetricCollector<int>(cluster.Silos[0].ServiceProvider.GetRequiredService<IMeterFactory>(), MailGrainsMetrics.MeterName, "mailgrains.push.sessions"))
        {
            sessions.RecordObservableInstruments();
            Assert.Equal(1, sessions.LastMeasurement?.Value);
        }

        await pushing.SetReceivingAsync(false);
        await Eventually.MatchesAsync(() => PushMail.ImapSessionsAsync(first), n => n == 0, s_patience, "the first account's IDLE session to be logged out");
        await waiting.FetchAndWaitAsync(s_patience);
        await PushTests.UntilPushingAsync(waiting, second);
    }
}
