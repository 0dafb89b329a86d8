using MailGrains.Activities;
using MailGrains.Grains.Sending;
using MailGrains.Sending;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Users;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Orleans.Storage;

namespace MailGrains.Grains.Tests.Sending;

/// <summary>An SMTP delivery that never ends is cut off by its deadline and holds up no send meanwhile; a queue entry of the first version (bytes in state) is still delivered.</summary>
[Collection(SharedClusters.Faults)]
public sealed class OutboxDeadlineAndUpgradeTests(OneSiloCluster shared)
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AServerThatTricklesItsGreetingForeverIsCutOffByTheSendDeadlineAndTheMailStaysQueued()
    {
        await using var server = new TricklingSmtpServer();
        await using var storage = new TestStorage();
        await using var cluster = TestClusterFactory.Create(storage, configureSilo: silo => silo.Services.Configure<OutboxOptions>(o => o.SendDeadlineSeconds = 10));
        await cluster.DeployAsync();
        var (tenantId, outbox) = await SendingTenantAsync(cluster.Client, server.Port);

        var sent = await outbox.SendAsync(new OutgoingMail("anna", ["someone@example.test"], [], [], "Slow", "Hello.", null, null));
        var anna = cluster.Client.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, "anna"));
        var queued = await Eventually.MatchesAsync(() => anna.GetActivityAsync(sent.ActivityId!), a => a?.Activity.StatusDetail is not null, s_patience, "the first attempt to be cut off");

        Assert.Equal(DeliveryStatus.Queued, queued!.Activity.Status);
        Assert.Contains("did not take the mail within 10 s", queued.Activity.StatusDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhileADeliveryWaitsOnASlowServerANewMailIsStillQueued()
    {
        await using var server = new TricklingSmtpServer();
        var (_, outbox) = await SendingTenantAsync(shared.Client, server.Port);
        Assert.Equal(SendOutcome.Queued, (await outbox.SendAsync(new OutgoingMail("anna", ["someone@example.test"], [], [], "First", "Hello.", null, null))).Outcome);
        await Eventually.MatchesAsync(() => Task.FromResult(server.Connections), n => n > 0, s_patience, "the delivery to reach the slow server");

        // Waiting behind the delivery (up to its deadline, past the 30 s call timeout) would fail this call.
        var second = await outbox.SendAsync(new OutgoingMail("anna", ["someone@example.test"], [], [], "Second", "Hello again.", null, null));

        Assert.Equal(SendOutcome.Queued, second.Outcome);
        await outbox.ClearAsync(); // the cluster is shared: no retry may reach whatever listens on this port later
    }

    [Fact]
    public async Task AMailQueuedByTheFirstVersionWithItsBytesInStateIsDeliveredOnceAfterTheUpgrade()
    {
        await using var recipient = await TestMailbox.CreateAsync("upgrade");
        var (_, outbox) = await SendingTenantAsync(shared.Client, TestServices.SmtpPort);
        var subject = "Queued before the upgrade " + Guid.NewGuid().ToString("N")[..8];
        using var message = new MimeMessage([new MailboxAddress("Sales", "sales@example.test")], [MailboxAddress.Parse(recipient.Address)], subject, new TextPart("plain") { Text = "Old bytes." });
        using var raw = new MemoryStream();
        await message.WriteToAsync(raw);

        // The state exactly as the first version wrote it: the fields it had, the bytes in the entry.
        var firstVersion = new OutboxState
        {
            Queue =
            [
                new OutboxEntry { ActivityId = "first-version", SenderUserId = "anna", Raw = raw.ToArray(), Recipients = [recipient.Address], EnvelopeFrom = "sales@example.test", Attempts = 3, NextAttemptAt = DateTimeOffset.UtcNow },
            ],
        };
        var grainStorage = shared.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        await grainStorage.WriteStateAsync("outbox", outbox.GetGrainId(), new GrainState<OutboxState>(firstVersion));

        var later = "After the upgrade " + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(SendOutcome.Queued, (await outbox.SendAsync(new OutgoingMail("anna", [recipient.Address], [], [], later, "New.", null, null))).Outcome);

        await Eventually.MatchesAsync(() => CountArrivedAsync(recipient, later), n => n > 0, s_patience, "the new mail to arrive");
        Assert.Equal(1, await Eventually.MatchesAsync(() => CountArrivedAsync(recipient, subject), n => n > 0, s_patience, "the first version's mail to arrive"));
    }

    private static async Task<(string TenantId, IOutboxGrain Outbox)> SendingTenantAsync(IGrainFactory grains, int smtpPort)
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..10];
        var tenant = grains.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Outbox"));
        await tenant.PutUserAsync("anna", new UserProfile("Anna", "anna@example.test", "AA", false, Signature.None));
        Assert.NotNull((await grains.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("sales", SendingAccount.WithSmtpPort(smtpPort))).View);
        return (tenantId, grains.GetGrain<IOutboxGrain>(GrainKeys.Scoped(tenantId, "sales")));
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
