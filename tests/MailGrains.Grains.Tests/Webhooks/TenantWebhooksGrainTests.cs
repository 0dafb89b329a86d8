using System.Collections.Immutable;
using MailGrains.Grains.Webhooks;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace MailGrains.Grains.Tests.Webhooks;

/// <summary>
/// A tenant's webhook subscriptions in a real cluster on real storage: the secret is shown once and stored only
/// encrypted, a rotation keeps the old secret signing for 24 hours (told by a fake service clock), delivery can disable
/// a subscription with a reason, the quota and the field rules hold in the grain itself, and deleting the tenant
/// erases the subscriptions.
/// </summary>
public sealed class TenantWebhooksGrainTests(TenantWebhooksGrainTests.WebhookCluster cluster) : IClassFixture<TenantWebhooksGrainTests.WebhookCluster>
{
    private static readonly ImmutableArray<string> s_events = [WebhookEventTypes.ActivityCreated, WebhookEventTypes.AccountError];

    [Fact]
    public async Task ACreatedWebhookShowsItsSecretOnceAndStoresItOnlyEncrypted()
    {
        var (tenantId, webhooks) = NewTenant();
        var url = $"https://crm-{Guid.NewGuid():N}.example.com/hooks";

        var created = await webhooks.PutAsync("crm", Input(url));
        var replaced = await webhooks.PutAsync("crm", Input(url) with { IncludeBodyBytes = 1024 });

        Assert.Equal(WebhookPutOutcome.Created, created.Outcome);
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", created.Secret);
        var view = created.View!;
        Assert.Equal(("crm", url, true, 0, (string?)null, cluster.Clock.GetUtcNow(), 1L), (view.Id, view.Url, view.Enabled, view.IncludeBodyBytes, view.DisabledReason, view.CreatedAt, view.Version));
        Assert.Equal<string>(s_events, view.Events);
        Assert.Equal(WebhookPutOutcome.Updated, replaced.Outcome);
        Assert.Null(replaced.Secret);
        Assert.Equal(2, replaced.View!.Version);
        Assert.DoesNotContain(created.Secret!, created.ToString(), StringComparison.Ordinal);
        var target = Assert.Single(await cluster.Probe(tenantId).GetTargetsAsync());
        Assert.Equal<string>([created.Secret!], target.Secrets);
        Assert.NotEmpty(await StorageScan.FindAsync(cluster.Storage, url));
        Assert.Empty(await StorageScan.FindAsync(cluster.Storage, "whsec_"));
        Assert.Empty(await StorageScan.FindAsync(cluster.Storage, created.Secret!["whsec_".Length..]));
    }

    [Fact]
    public async Task ARotatedSecretSignsFirstAndTheReplacedOneStillSignsForTwentyFourHours()
    {
        var (tenantId, webhooks) = NewTenant();
        var first = (await webhooks.PutAsync("crm", Input("https://crm.example.com/hooks"))).Secret!;
        var probe = cluster.Probe(tenantId);

        var rotation = await webhooks.RotateSecretAsync("crm");

        Assert.NotNull(rotation);
        Assert.NotEqual(first, rotation.Secret);
        Assert.Equal(cluster.Clock.GetUtcNow() + TimeSpan.FromHours(24), rotation.PreviousValidUntil);
        Assert.Equal(2, rotation.Version);
        Assert.Equal<string>([rotation.Secret, first], Assert.Single(await probe.GetTargetsAsync()).Secrets);
        Assert.Null(await webhooks.RotateSecretAsync("nobody"));

        cluster.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.Equal<string>([rotation.Secret, first], Assert.Single(await probe.GetTargetsAsync()).Secrets);

        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal<string>([rotation.Secret], Assert.Single(await probe.GetTargetsAsync()).Secrets);
        Assert.Empty(await StorageScan.FindAsync(cluster.Storage, rotation.Secret["whsec_".Length..]));
    }

    [Fact]
    public async Task DeliveryDisablesAWebhookWithAReasonThatStaysUntilAWriteEnablesItAgain()
    {
        var (tenantId, webhooks) = NewTenant();
        await webhooks.PutAsync("crm", Input("https://crm.example.com/hooks"));
        var probe = cluster.Probe(tenantId);

        await probe.DisableAsync("crm", "The receiver answered 410 Gone.");
        await probe.DisableAsync("nobody", "No such webhook: nothing happens.");
        var disabled = await webhooks.GetAsync("crm");
        var stillDisabled = (await webhooks.PutAsync("crm", Input("https://crm.example.com/v2") with { Enabled = false })).View;
        var enabled = (await webhooks.PutAsync("crm", Input("https://crm.example.com/v2"))).View;

        Assert.Equal((false, "The receiver answered 410 Gone.", 2L), (disabled!.Enabled, disabled.DisabledReason, disabled.Version));
        Assert.Equal((false, "The receiver answered 410 Gone."), (stillDisabled!.Enabled, stillDisabled.DisabledReason));
        Assert.Equal((true, null), (enabled!.Enabled, enabled.DisabledReason));
        Assert.True(Assert.Single(await probe.GetTargetsAsync()).Enabled);
        Assert.Equal(["crm"], (await webhooks.ListAsync()).Select(v => v.Id));
    }

    [Fact]
    public async Task TheQuotaRefusesAnotherWebhookButNeitherAReplaceNorOneAfterADelete()
    {
        var (_, webhooks) = NewTenant();
        foreach (var id in (string[])["a", "b", "c"])
        {
            Assert.Equal(WebhookPutOutcome.Created, (await webhooks.PutAsync(id, Input("https://crm.example.com/" + id))).Outcome);
        }

        var refused = await webhooks.PutAsync("d", Input("https://crm.example.com/d"));
        var replaced = await webhooks.PutAsync("c", Input("https://crm.example.com/c2"));
        Assert.True(await webhooks.DeleteAsync("a"));
        Assert.False(await webhooks.DeleteAsync("a"));
        var afterDelete = await webhooks.PutAsync("d", Input("https://crm.example.com/d"));

        Assert.Equal(WebhookPutOutcome.QuotaReached, refused.Outcome);
        Assert.Equal(["webhookId"], refused.Errors.Keys);
        Assert.Contains("(3)", refused.Errors["webhookId"][0], StringComparison.Ordinal);
        Assert.Equal(WebhookPutOutcome.Updated, replaced.Outcome);
        Assert.Equal(WebhookPutOutcome.Created, afterDelete.Outcome);
        Assert.Equal(["b", "c", "d"], (await webhooks.ListAsync()).Select(v => v.Id));
    }

    [Theory]
    [InlineData("https://10.0.0.1/hooks", "activity.created", 0, "url")]
    [InlineData("ftp://crm.example.com/hooks", "activity.created", 0, "url")]
    [InlineData("https://crm.example.com/hooks", "", 0, "events")]
    [InlineData("https://crm.example.com/hooks", "activity.deleted", 0, "events")]
    [InlineData("https://crm.example.com/hooks", "account.error,account.error", 0, "events")]
    [InlineData("https://crm.example.com/hooks", "activity.created,activity.updated,account.error,account.recovered,account.mailboxReset,account.error", 0, "events")]
    [InlineData("https://crm.example.com/hooks", "activity.created", 65_537, "includeBodyBytes")]
    [InlineData("https://crm.example.com/hooks", "activity.created", -1, "includeBodyBytes")]
    public async Task TheGrainItselfRefusesAFieldTheRulesRefuseAndStoresNothing(string url, string events, int includeBodyBytes, string field)
    {
        var (_, webhooks) = NewTenant();

        var result = await webhooks.PutAsync("crm", new WebhookSubscriptionInput(url, [.. events.Split(',', StringSplitOptions.RemoveEmptyEntries)], true, includeBodyBytes));

        Assert.Equal(WebhookPutOutcome.Invalid, result.Outcome);
        Assert.Equal([field], result.Errors.Keys);
        Assert.Null(result.Secret);
        Assert.Empty(await webhooks.ListAsync());
    }

    [Fact]
    public async Task AWriteExpectingAnotherVersionChangesNothing()
    {
        var (_, webhooks) = NewTenant();
        await webhooks.PutAsync("crm", Input("https://crm.example.com/hooks"));

        var stale = await webhooks.PutAsync("crm", Input("https://crm.example.com/other") with { ExpectedVersion = 7 });
        var missing = await webhooks.PutAsync("new", Input("https://crm.example.com/other") with { ExpectedVersion = 1 });
        var current = await webhooks.PutAsync("crm", Input("https://crm.example.com/other") with { ExpectedVersion = 1 });

        Assert.Equal(WebhookPutOutcome.VersionConflict, stale.Outcome);
        Assert.Equal(WebhookPutOutcome.VersionConflict, missing.Outcome);
        Assert.Equal(WebhookPutOutcome.Updated, current.Outcome);
        Assert.Equal(["crm"], (await webhooks.ListAsync()).Select(v => v.Id));
    }

    [Fact]
    public async Task AClientCanNeitherReadTheEncryptedSecretsNorEraseTheSubscriptions()
    {
        var (tenantId, webhooks) = NewTenant();
        await webhooks.PutAsync("crm", Input("https://crm.example.com/hooks"));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => cluster.Client.GetGrain<IWebhookTargets>(tenantId).GetTargetsAsync());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => cluster.Client.GetGrain<IWebhookTargets>(tenantId).DisableAsync("crm", "no"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(webhooks.EraseAsync);

        Assert.True((await webhooks.GetAsync("crm"))!.Enabled);
    }

    [Fact]
    public async Task DeletingTheTenantErasesItsWebhooks()
    {
        var (tenantId, webhooks) = NewTenant();
        var tenant = cluster.Client.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Webhooks"));
        await webhooks.PutAsync("crm", Input("https://crm.example.com/hooks"));
        Assert.NotEmpty(await StorageScan.GrainStateRowsAsync(cluster.Storage, "webhooks", tenantId));

        await TestOperator.ActAsync(tenant.DeleteAsync);
        await Eventually.MatchesAsync(tenant.GetAsync, t => t is null, TimeSpan.FromMinutes(1), "the tenant to be purged");

        Assert.Empty(await StorageScan.GrainStateRowsAsync(cluster.Storage, "webhooks", tenantId));
        Assert.Empty(await webhooks.ListAsync());
    }

    private (string TenantId, ITenantWebhooksGrain Webhooks) NewTenant()
    {
        var tenantId = FreshNames.TenantId();
        return (tenantId, cluster.Client.GetGrain<ITenantWebhooksGrain>(tenantId));
    }

    private static WebhookSubscriptionInput Input(string url) => new(url, s_events, true, 0);

    /// <summary>A one-silo cluster whose service clock is fake and whose tenants may hold three webhooks, under the tests' network policy.</summary>
    public sealed class WebhookCluster : IAsyncLifetime
    {
        private InProcessTestCluster? _cluster;

        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public TestStorage Storage { get; } = new();

        public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("Not started.")).Client;

        public IWebhookTargetsProbeGrain Probe(string tenantId) => Client.GetGrain<IWebhookTargetsProbeGrain>(tenantId);

        public async Task InitializeAsync()
        {
            _cluster = TestClusterFactory.Create(
                Storage,
                configureSilo: silo => silo.Services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, Clock),
                settings: new Dictionary<string, string?> { ["MailGrains:Quotas:WebhooksPerTenant"] = "3" });
            await _cluster.DeployAsync();
        }

        public async Task DisposeAsync()
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }

            await Storage.DisposeAsync();
        }
    }
}
