using System.Collections.Immutable;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Grains.Telemetry;
using MailGrains.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace MailGrains.Grains.Tests.Telemetry;

/// <summary>What a fetch from the real test Dovecot records on the product's instruments.</summary>
public sealed class FetchMetricsTests(TelemetryCluster cluster) : IClassFixture<TelemetryCluster>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FetchedMessagesCountAsReadAndStoredAndFetchingThemAgainStoresNone()
    {
        await using var mailbox = await TestMailbox.CreateAsync("metrics");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 7).Select(i => TestMessages.Simple(i, mailbox.Address)));
        using var read = new MetricCollector<long>(cluster.Metrics.MessagesFetched);
        using var stored = new MetricCollector<long>(cluster.Metrics.ActivitiesStored);
        using var fetches = new MetricCollector<double>(cluster.Metrics.FetchDuration);

        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        await fetches.WaitForMeasurementsAsync(1, s_patience);

        Assert.Equal(7, read.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(read.GetMeasurementSnapshot(), m => Assert.True(m.ContainsTags(Tag(TelemetryTags.Protocol, "imap"))));
        Assert.Equal(7, stored.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(stored.GetMeasurementSnapshot(), m => Assert.True(m.ContainsTags(Tag(TelemetryTags.Origin, "fetched"))));
        var first = Assert.Single(fetches.GetMeasurementSnapshot());
        Assert.True(first.ContainsTags(Tag(TelemetryTags.Protocol, "imap"), Tag(TelemetryTags.Outcome, "success")));
        Assert.True(first.Value > 0);

        await account.PutLastUidsAsync(ImmutableDictionary<string, long>.Empty.Add("INBOX", 0));
        Assert.True(await account.Grain.RequestFetchAsync());
        await fetches.WaitForMeasurementsAsync(2, s_patience);

        Assert.Equal(14, read.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(7, stored.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task AWrongPasswordCountsOneFetchErrorOfKindAuth()
    {
        await using var mailbox = await TestMailbox.CreateAsync("metricsauth");
        using var errors = new MetricCollector<long>(cluster.Metrics.FetchErrors);
        using var fetches = new MetricCollector<double>(cluster.Metrics.FetchDuration);

        await ImapAccount.EnableAsync(cluster.Client, mailbox with { Password = "not-" + mailbox.Password }, "INBOX");
        // The duration is recorded just before the error: wait for both, or the test may look in between.
        await fetches.WaitForMeasurementsAsync(1, s_patience);
        await errors.WaitForMeasurementsAsync(1, s_patience);

        var error = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal(1, error.Value);
        Assert.True(error.ContainsTags(Tag(TelemetryTags.ErrorKind, "auth"), Tag(TelemetryTags.Protocol, "imap")));
        Assert.True(Assert.Single(fetches.GetMeasurementSnapshot()).ContainsTags(Tag(TelemetryTags.Outcome, "error")));
    }

    [Fact]
    public async Task Pop3BatchesCountTheirMessagesUnderTheirProtocol()
    {
        await using var mailbox = await TestMailbox.CreateAsync("metricspop");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 3).Select(i => TestMessages.Simple(i, mailbox.Address)));
        using var read = new MetricCollector<long>(cluster.Metrics.MessagesFetched);
        using var fetches = new MetricCollector<double>(cluster.Metrics.FetchDuration);

        await ImapAccount.EnablePop3Async(cluster.Client, mailbox);
        await fetches.WaitForMeasurementsAsync(1, s_patience);

        Assert.Equal(3, read.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(read.GetMeasurementSnapshot(), m => Assert.True(m.ContainsTags(Tag(TelemetryTags.Protocol, "pop3"))));
        Assert.True(Assert.Single(fetches.GetMeasurementSnapshot()).ContainsTags(Tag(TelemetryTags.Protocol, "pop3"), Tag(TelemetryTags.Outcome, "success")));
    }

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
