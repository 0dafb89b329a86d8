using MailGrains.Activities;
using MailGrains.Grains.Telemetry;
using MailGrains.Grains.Tests.Sending;
using MailGrains.Sending;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Users;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace MailGrains.Grains.Tests.Telemetry;

/// <summary>Each delivery attempt through the real test Postfix counts once, by its outcome.</summary>
public sealed class SendMetricsTests(TelemetryCluster cluster) : IClassFixture<TelemetryCluster>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnAcceptedMailCountsAsSent()
    {
        await using var recipient = await TestMailbox.CreateAsync("metricssent");

        var outcome = await SendAndObserveAsync(recipient.Address, TestServices.SmtpPort, DeliveryStatus.Sent);

        Assert.Equal(MailGrainsMetrics.SendOutcome.Sent, outcome);
    }

    [Fact]
    public async Task ARecipientTheServerRefusesCountsAsFailed()
    {
        var outcome = await SendAndObserveAsync(FreshNames.MailUser("ghost") + "@" + TestServices.MailDomain, TestServices.SmtpPort, DeliveryStatus.Failed);

        Assert.Equal(MailGrainsMetrics.SendOutcome.Failed, outcome);
    }

    [Fact]
    public async Task AnUnreachableServerCountsAsDeferred()
    {
        var outcome = await SendAndObserveAsync("someone@" + TestServices.MailDomain, FreePort.Next(), DeliveryStatus.Queued);

        Assert.Equal(MailGrainsMetrics.SendOutcome.Deferred, outcome);
    }

    /// <summary>Sends one mail through a fresh account and returns the outcome tag of its first delivery attempt.</summary>
    private async Task<string> SendAndObserveAsync(string to, int smtpPort, DeliveryStatus expected)
    {
        using var outcomes = new MetricCollector<long>(cluster.Metrics.SendOutcomes);
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..10];
        var tenant = cluster.Client.GetGrain<ITenantGrain>(tenantId);
        await tenant.UpsertAsync("Send metrics");
        await tenant.PutUserAsync("anna", new UserProfile("Anna", "anna@example.test", "AA", false, Signature.None));
        Assert.NotNull((await tenant.PutAccountAsync("sales", SendingAccount.WithSmtpPort(smtpPort))).View);

        var outbox = cluster.Client.GetGrain<IOutboxGrain>(GrainKeys.Scoped(tenantId, "sales"));
        var sent = await outbox.SendAsync(new OutgoingMail("anna", [to], [], [], "Metrics " + Guid.NewGuid().ToString("N")[..8], "Hello.", null, null));
        Assert.Equal(SendOutcome.Queued, sent.Outcome);
        await outcomes.WaitForMeasurementsAsync(1, s_patience);
        await outbox.ClearAsync(); // no retry of a deferred mail may land in another test's observation

        var anna = cluster.Client.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, "anna"));
        Assert.Equal(expected, (await anna.GetActivityAsync(sent.ActivityId!))!.Activity.Status);
        var attempt = Assert.Single(outcomes.GetMeasurementSnapshot());
        Assert.Equal(1, attempt.Value);
        return (string)attempt.Tags[TelemetryTags.Outcome]!;
    }
}
