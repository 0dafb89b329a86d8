using MailGrains.Activities;
using MailGrains.Sending;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Users;
using MailKit;
using MailKit.Search;

namespace MailGrains.Grains.Tests.Sending;

/// <summary>A mail queued in the outbox survives the death of the silo that holds it and is sent exactly once.</summary>
[Collection(LongCollections.OutboxCrash)]
public sealed class OutboxCrashTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task AQueuedMailOutlivesItsSiloAndIsSentOnceWhenTheServerIsReachable()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, silos: 3);
        await cluster.DeployAsync();
        await using var recipient = await TestMailbox.CreateAsync("outboxcrash");
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..10];
        var tenant = cluster.Client.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Outbox"));
        await tenant.PutUserAsync("anna", new UserProfile("Anna", "anna@example.test", "AA", false, new Signature("-- Anna", null)));
        Assert.NotNull((await cluster.Client.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("sales", SendingAccount.WithSmtpPort(FreePort.Next()))).View);
        var outbox = cluster.Client.GetGrain<IOutboxGrain>(GrainKeys.Scoped(tenantId, "sales"));
        var subject = "Survives " + Guid.NewGuid().ToString("N")[..8];

        var sent = await outbox.SendAsync(new OutgoingMail("anna", [recipient.Address], [], [], subject, "Hello.", null, null));
        Assert.Equal(SendOutcome.Queued, sent.Outcome);
        var anna = cluster.Client.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, "anna"));
        await Eventually.MatchesAsync(() => anna.GetActivityAsync(sent.ActivityId!), a => a?.Activity.StatusDetail is not null, s_patience, "a failed first attempt");

        await cluster.KillSiloAsync(cluster.HostOf(outbox));
        Assert.NotNull((await cluster.Client.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("sales", SendingAccount.WithSmtpPort(TestServices.SmtpPort))).View);

        var delivered = await Eventually.MatchesAsync(() => anna.GetActivityAsync(sent.ActivityId!), a => a?.Activity.Status == DeliveryStatus.Sent, s_patience, "the mail to be sent after the crash");
        Assert.Equal(DeliveryStatus.Sent, delivered!.Activity.Status);
        Assert.Equal(1, await CountArrivedAsync(recipient, subject));
    }

    private static async Task<int> CountArrivedAsync(TestMailbox mailbox, string subject)
    {
        using var imap = await TestMessages.ConnectAsync(mailbox);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var found = await imap.Inbox.SearchAsync(SearchQuery.SubjectContains(subject));
        await imap.DisconnectAsync(quit: true);
        return found.Count;
    }
}
