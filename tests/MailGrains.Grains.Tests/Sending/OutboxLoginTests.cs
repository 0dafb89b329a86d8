using MailGrains.Activities;
using MailGrains.Sending;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Users;

namespace MailGrains.Grains.Tests.Sending;

/// <summary>
/// The outbox logs in with the account's password, which the account grain hands out only encrypted
/// (<c>IAccountServerAccess</c>) and the outbox unprotects in its own silo: through the real Postfix's submission port.
/// </summary>
public sealed class OutboxLoginTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AMailIsSentThroughTheSubmissionPortWithTheAccountsStoredPassword()
    {
        await using var sender = await TestMailbox.CreateAsync("login");
        var (tenantId, cluster, storage) = await ClusterAsync();
        await using (storage)
        await using (cluster)
        {
            Assert.NotNull((await cluster.Client.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("sales", SendingAccount.WithSubmissionLogin(sender.UserName, sender.Password))).View);

            var status = await SendAsync(cluster, tenantId, sender.Address, a => a.Status != DeliveryStatus.Queued);

            Assert.Equal(DeliveryStatus.Sent, status.Status);
        }
    }

    [Fact]
    public async Task AWrongStoredPasswordLeavesTheMailQueuedSayingTheLoginFailed()
    {
        await using var sender = await TestMailbox.CreateAsync("badlogin");
        var (tenantId, cluster, storage) = await ClusterAsync();
        await using (storage)
        await using (cluster)
        {
            Assert.NotNull((await cluster.Client.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("sales", SendingAccount.WithSubmissionLogin(sender.UserName, "not-" + sender.Password))).View);

            var status = await SendAsync(cluster, tenantId, sender.Address, a => a.StatusDetail is not null);

            Assert.Equal(DeliveryStatus.Queued, status.Status);
            Assert.Contains("Login to ", status.StatusDetail, StringComparison.Ordinal);
            Assert.DoesNotContain(sender.Password, status.StatusDetail, StringComparison.Ordinal);
        }
    }

    private static async Task<(string TenantId, Orleans.TestingHost.InProcessTestCluster Cluster, TestStorage Storage)> ClusterAsync()
    {
        var storage = new TestStorage();
        var cluster = TestClusterFactory.Create(storage, settings: new Dictionary<string, string?> { ["MailGrains:Mail:TrustedCertificateFiles:0"] = TestServices.MailCertificateFile });
        await cluster.DeployAsync();
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..10];
        var tenant = cluster.Client.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Outbox login"));
        await tenant.PutUserAsync("anna", new UserProfile("Anna", "anna@example.test", "AA", false, Signature.None));
        return (tenantId, cluster, storage);
    }

    private static async Task<Activity> SendAsync(Orleans.TestingHost.InProcessTestCluster cluster, string tenantId, string to, Func<Activity, bool> settled)
    {
        var outbox = cluster.Client.GetGrain<IOutboxGrain>(GrainKeys.Scoped(tenantId, "sales"));
        var sent = await outbox.SendAsync(new OutgoingMail("anna", [to], [], [], "Login " + Guid.NewGuid().ToString("N")[..8], "Hello.", null, null));
        Assert.Equal(SendOutcome.Queued, sent.Outcome);
        var anna = cluster.Client.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, "anna"));
        var stored = await Eventually.MatchesAsync(() => anna.GetActivityAsync(sent.ActivityId!), a => a is not null && settled(a.Activity), s_patience, "the first delivery attempt to end");
        return stored!.Activity;
    }
}
