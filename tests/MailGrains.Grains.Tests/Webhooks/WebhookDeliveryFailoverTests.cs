using MailGrains.Accounts;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Grains.Webhooks.Events;
using MailGrains.Hosting;
using MailGrains.Testing;
using MailGrains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace MailGrains.Grains.Tests.Webhooks;

/// <summary>
/// A silo killed while it delivers a subscription's events: the delivery resumes on a survivor from its saved cursor,
/// every event arrives, and the only repeats are events sent again with the id they had. Three real silos.
/// </summary>
public sealed class WebhookDeliveryFailoverTests
{
    private const int Mails = 12;
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task KillingTheDeliveringSiloLosesNoEventAndRepeatsOnlyWithTheSameId()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, silos: 3, silo => silo.Configure<ClusterMembershipOptions>(o => new MailGrainsClusterOptions().ApplyTo(o)));
        await cluster.DeployAsync();
        await using var mailbox = await TestMailbox.CreateAsync("hookkill");
        var account = await ImapAccount.EnableImportingAsync(cluster.Client, mailbox, ImportFrom.Now);
        await account.WaitForFirstFetchAsync(TimeSpan.FromMinutes(1));
        await using var hook = await WebhookSubscriber.SubscribeAsync(cluster.Client, account.TenantId, [WebhookEventTypes.ActivityCreated]);
        await Task.Delay(WebhookInterest.MaxAge + TimeSpan.FromSeconds(1));

        // A slow receiver keeps the delivery busy for seconds, so the kill lands in the middle of it.
        hook.Receiver.Reply(WebhookReply.Ok.After(TimeSpan.FromMilliseconds(700)));
        await TestMessages.AppendAsync(mailbox, "INBOX", [.. Enumerable.Range(1, Mails).Select(i => TestMessages.Simple(i, mailbox.Address))]);
        await account.FetchAndWaitAsync(TimeSpan.FromMinutes(1));
        await hook.Receiver.WaitUntilAsync(r => r.Count >= 2, TimeSpan.FromMinutes(1));

        var delivery = cluster.Client.GetGrain<IWebhookDeliveryGrain>(GrainKeys.Scoped(account.TenantId, hook.Id));
        var victim = cluster.HostOf(delivery);
        var survivor = cluster.Silos.First(s => !s.SiloAddress.Equals(victim.SiloAddress));
        var log = await survivor.ServiceProvider.GetRequiredService<EventLogTable>().ReadAfterAsync(account.TenantId, 0, 1000);
        Assert.Equal(Mails, log.Count);
        var before = hook.Receiver.Received.Count;
        await cluster.KillSiloAsync(victim);
        hook.Receiver.Reply(WebhookReply.Ok);

        var received = await hook.Receiver.WaitUntilAsync(
            r => log.All(e => r.Any(w => w.Id == e.Event.Id && w.Verified)), s_patience);

        Assert.True(before < Mails, $"the delivery had ended ({before} of {Mails}) before the kill");
        Assert.All(received, r => Assert.Contains(r.Id, log.Select(e => e.Event.Id)));
        Assert.All(received, r => Assert.True(r.Verified, r.VerificationError));
    }
}
