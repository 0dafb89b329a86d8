using MailGrains.Activities;
using MailGrains.Sending;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Users;
using MailKit;
using MailKit.Search;

namespace MailGrains.Grains.Tests.Sending;

/// <summary>
/// Storage failing after the SMTP server took a mail never makes the outbox send it again, not even when the
/// silo then dies and the outbox is rebuilt from the state it could not update. The storage fault is a fake
/// (<see cref="OutboxWriteFaults"/>); the SMTP server, the mailbox, the activity store and the grain storage
/// behind the fake are real.
/// </summary>
public sealed class OutboxStorageFaultTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task AMailTheServerTookIsNotSentAgainWhenTheOutboxCouldNotRecordItAndItsSiloDies()
    {
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, silos: 3, configureSilo: silo => OutboxWriteFaults.Install(silo.Services));
        await cluster.DeployAsync();
        await using var recipient = await TestMailbox.CreateAsync("storagefault");
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..10];
        var tenant = cluster.Client.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Outbox"));
        await tenant.PutUserAsync("anna", new UserProfile("Anna", "anna@example.test", "AA", false, Signature.None));
        Assert.NotNull((await cluster.Client.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("sales", SendingAccount.WithSmtpPort(TestServices.SmtpPort))).View);
        var outboxKey = GrainKeys.Scoped(tenantId, "sales");
        var outbox = cluster.Client.GetGrain<IOutboxGrain>(outboxKey);
        var subject = "Once only " + Guid.NewGuid().ToString("N")[..8];
        var faults = OutboxWriteFaults.Arm(outboxKey, allowedWrites: 1); // the queue entry itself; every write after it fails

        var sent = await outbox.SendAsync(new OutgoingMail("anna", [recipient.Address], [], [], subject, "Hello.", null, null));
        Assert.Equal(SendOutcome.Queued, sent.Outcome);
        await Eventually.MatchesAsync(() => CountArrivedAsync(recipient, subject), n => n > 0, s_patience, "the mail to arrive");
        await Eventually.MatchesAsync(() => Task.FromResult(faults.Refused), n => n > 0, s_patience, "a refused outbox write after the server took the mail");
        await cluster.KillSiloAsync(cluster.HostOf(outbox));
        faults.Disarm();

        // A second mail through the same outbox: it runs after anything still queued, so when it has arrived, a
        // repeat of the first (sent before it into the same Postfix queue and mailbox) has arrived too.
        var later = "Sentinel " + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(SendOutcome.Queued, (await outbox.SendAsync(new OutgoingMail("anna", [recipient.Address], [], [], later, "After.", null, null))).Outcome);
        await Eventually.MatchesAsync(() => CountArrivedAsync(recipient, later), n => n > 0, s_patience, "the second mail to arrive");
        await Eventually.MatchesAsync(() => Task.FromResult(faults.LastQueueLength), n => n == 0, s_patience, "an empty outbox");

        var anna = cluster.Client.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, "anna"));
        Assert.Equal(DeliveryStatus.Sent, (await anna.GetActivityAsync(sent.ActivityId!))!.Activity.Status);
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
