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
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(100); // room for one retry after a temporary refusal

    [Fact]
    public async Task AnAcceptedMailCountsAsSent()
    {
        await using var recipient = await TestMailbox.CreateAsync("metricssent");

        await SendAndObserveAsync(recipient.Address, TestServices.SmtpPort, DeliveryStatus.Sent, MailGrainsMetrics.SendOutcome.Sent);
    }

    [Fact]
    public async Task ARecipientTheServerRefusesCountsAsFailed()
        => await SendAndObserveAsync(FreshNames.MailUser("ghost") + "@" + TestServices.MailDomain, TestServices.SmtpPort, DeliveryStatus.Failed, MailGrainsMetrics.SendOutcome.Failed);

    [Fact]
    public async Task AnUnreachableServerCountsAsDeferred()
        => await SendAndObserveAsync("someone@" + TestServices.MailDomain, FreePort.Next(), DeliveryStatus.Queued, MailGrainsMetrics.SendOutcome.Deferred);

    /// <summary>
    /// Sends one mail through a fresh account until an attempt ends with <paramref name="outcome"/>; that attempt
    /// counts once, and only as deferred before it (the test Postfix may answer a lookup 4xx while other tests
    /// change its users, which the outbox retries).
    /// </summary>
    private async Task SendAndObserveAsync(string to, int smtpPort, DeliveryStatus status, string outcome)
    {
        using var outcomes = new MetricCollector<long>(cluster.Metrics.SendOutcomes);
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..10];
        var tenant = cluster.Client.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Send metrics"));
        await tenant.PutUserAsync("anna", new UserProfile("Anna", "anna@example.test", "AA", false, Signature.None));
        Assert.NotNull((await cluster.Client.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("sales", SendingAccount.WithSmtpPort(smtpPort))).View);

        var outbox = cluster.Client.GetGrain<IOutboxGrain>(GrainKeys.Scoped(tenantId, "sales"));
        var sent = await outbox.SendAsync(new OutgoingMail("anna", [to], [], [], "Metrics " + Guid.NewGuid().ToString("N")[..8], "Hello.", null, null));
        Assert.Equal(SendOutcome.Queued, sent.Outcome);
        await Eventually.MatchesAsync(() => Task.FromResult(Outcomes(outcomes)), o => o.Contains(outcome), s_patience, $"a delivery attempt that ends {outcome}");

        // The attempt is counted as it ends; the activity's status is written a moment later.
        var anna = cluster.Client.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, "anna"));
        await Eventually.MatchesAsync(async () => (await anna.GetActivityAsync(sent.ActivityId!))!.Activity.Status, s => s == status, TimeSpan.FromSeconds(30), $"the activity to say {status}");
        await outbox.ClearAsync(); // no retry of a deferred mail may land in another test's observation
        var attempts = Outcomes(outcomes);
        Assert.Equal(outcome, attempts[^1]);
        Assert.All(attempts[..^1], o => Assert.Equal(MailGrainsMetrics.SendOutcome.Deferred, o));
        Assert.All(outcomes.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
    }

    private static List<string> Outcomes(MetricCollector<long> outcomes)
        => [.. outcomes.GetMeasurementSnapshot().Select(m => (string)m.Tags[TelemetryTags.Outcome]!)];
}
