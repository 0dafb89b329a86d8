using MailGrains.Activities;
using MailGrains.Grains.Sending;
using MailGrains.Sending;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MailGrains.Grains.Tests.Sending;

/// <summary>
/// Days passing for the outbox, told by a fake service clock (<see cref="ServiceClock"/>) while the cluster keeps its
/// real one: a mail no server takes is given up after <c>GiveUpAfterHours</c>, and an idempotency key is forgotten
/// after <c>IdempotencyKeyHours</c>.
/// </summary>
public sealed class OutboxClockTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AMailNoServerTakesStaysQueuedThenIsGivenUpAfterThreeDaysAndItsActivitySaysWhy()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var storage = new TestStorage();
        await using var cluster = ClusterOn(storage, clock);
        await cluster.DeployAsync();
        var (tenantId, outbox) = await SendingTenantAsync(cluster, FreePort.Next()); // nothing listens there
        var anna = cluster.Client.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, "anna"));

        var first = await outbox.SendAsync(new OutgoingMail("anna", ["someone@example.test"], [], [], "Never taken", "Hello.", null, null));
        var deferred = await Eventually.MatchesAsync(() => anna.GetActivityAsync(first.ActivityId!), a => a?.Activity.StatusDetail is not null, s_patience, "the first attempt to fail");
        Assert.Equal(DeliveryStatus.Queued, deferred!.Activity.Status);

        clock.Advance(TimeSpan.FromHours(73));
        await outbox.SendAsync(new OutgoingMail("anna", ["someone@example.test"], [], [], "Later", "Hello again.", null, null)); // wakes the outbox now

        var givenUp = await Eventually.MatchesAsync(() => anna.GetActivityAsync(first.ActivityId!), a => a?.Activity.Status == DeliveryStatus.Failed, s_patience, "the first mail to be given up");
        Assert.Contains("gave up after 1 attempt in 73 h", givenUp!.Activity.StatusDetail, StringComparison.Ordinal);
        Assert.Contains("Cannot connect", givenUp.Activity.StatusDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIdempotencyKeyRefusesAnotherRequestForADayThenIsForgotten()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var storage = new TestStorage();
        await using var cluster = ClusterOn(storage, clock);
        await cluster.DeployAsync();
        await using var recipient = await TestMailbox.CreateAsync("clock");
        var (tenantId, outbox) = await SendingTenantAsync(cluster, TestServices.SmtpPort);
        var anna = cluster.Client.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, "anna"));
        var key = "order-" + Guid.NewGuid().ToString("N")[..8];

        var sent = await outbox.SendAsync(new OutgoingMail("anna", [recipient.Address], [], [], "Order", "One.", null, null, key));
        await Eventually.MatchesAsync(() => anna.GetActivityAsync(sent.ActivityId!), a => a?.Activity.Status == DeliveryStatus.Sent, s_patience, "the mail to be sent");
        await Eventually.MatchesAsync(() => QueuedAsync(cluster, outbox), n => n == 0, s_patience, "the sent mail to leave the queue (its key then lives only in the key table)");
        var other = new OutgoingMail("anna", [recipient.Address], [], [], "Another order", "Two.", null, null, key);

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(SendOutcome.IdempotencyKeyReused, (await outbox.SendAsync(other)).Outcome);

        clock.Advance(TimeSpan.FromHours(2));
        var afterADay = await outbox.SendAsync(other);
        Assert.Equal(SendOutcome.Queued, afterADay.Outcome);
        Assert.NotEqual(sent.ActivityId, afterADay.ActivityId);
    }

    private static InProcessTestCluster ClusterOn(TestStorage storage, FakeTimeProvider clock)
        => TestClusterFactory.Create(storage, configureSilo: silo => silo.Services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, clock));

    private static async Task<int> QueuedAsync(InProcessTestCluster cluster, IOutboxGrain outbox)
    {
        var state = new GrainState<OutboxState>(new OutboxState());
        await cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains).ReadStateAsync("outbox", outbox.GetGrainId(), state);
        return state.State?.Queue.Count ?? 0;
    }

    private static async Task<(string TenantId, IOutboxGrain Outbox)> SendingTenantAsync(InProcessTestCluster cluster, int smtpPort)
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..10];
        var tenant = cluster.Client.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Outbox"));
        await tenant.PutUserAsync("anna", new UserProfile("Anna", "anna@example.test", "AA", false, Signature.None));
        Assert.NotNull((await cluster.Client.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("sales", SendingAccount.WithSmtpPort(smtpPort))).View);
        return (tenantId, cluster.Client.GetGrain<IOutboxGrain>(GrainKeys.Scoped(tenantId, "sales")));
    }
}
