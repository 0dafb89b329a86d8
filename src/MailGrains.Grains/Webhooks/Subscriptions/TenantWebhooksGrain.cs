using System.Collections.Immutable;
using MailGrains.Grains.Secrets;
using MailGrains.Grains.Tenants;
using MailGrains.Grains.Webhooks.Delivery;
using MailGrains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Webhooks.Subscriptions;

/// <summary>
/// A tenant's webhook subscriptions (keyed by tenant id): the API's view of them (<see cref="ITenantWebhooksGrain"/>)
/// and delivery's (<see cref="IWebhookTargets"/>). Signing secrets are made here (<see cref="WebhookSigner.NewSecret"/>),
/// handed out in plain text only in the answer that made them, and stored encrypted, each bound to its subscription.
/// </summary>
internal sealed class TenantWebhooksGrain(
    [PersistentState(StateNames.TenantWebhooks, StorageNames.Grains)] IPersistentState<TenantWebhooksState> state,
    SecretProtector secrets,
    WebhookUrlRules urls,
    IOptions<TenantQuotaOptions> quotas,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock) : Grain, ITenantWebhooksGrain, IWebhookTargets
{
    /// <summary>The longest disabled reason kept; delivery's sentences are far shorter.</summary>
    private const int MaxReasonLength = 500;

    private SortedDictionary<string, WebhookSubscription> Subscriptions => state.State.Subscriptions;

    private string TenantId => this.GetPrimaryKeyString();

    public async Task<WebhookPutResult> PutAsync(string subscriptionId, WebhookSubscriptionInput input)
    {
        var errors = Ids.IsValid(subscriptionId)
            ? WebhookSubscriptionRules.Check(input.Url, input.Events.IsDefault ? null : input.Events, input.IncludeBodyBytes, urls)
            : ImmutableDictionary<string, string[]>.Empty.Add("webhookId", [$"Must be {Ids.Rule}."]);
        if (errors.Count > 0)
        {
            return WebhookPutResult.Failed(WebhookPutOutcome.Invalid, errors);
        }

        var existing = Subscriptions.GetValueOrDefault(subscriptionId);
        if (input.ExpectedVersion is { } expected && existing?.Version != expected)
        {
            return WebhookPutResult.Failed(WebhookPutOutcome.VersionConflict, ImmutableDictionary<string, string[]>.Empty);
        }

        var quota = quotas.Value.WebhooksPerTenant;
        if (existing is null && Subscriptions.Count >= quota)
        {
            return WebhookPutResult.Failed(WebhookPutOutcome.QuotaReached, ImmutableDictionary<string, string[]>.Empty.Add(
                "webhookId", [$"This tenant has {Subscriptions.Count} webhooks, as many as its quota allows ({quota}). Delete a webhook first."]));
        }

        var now = clock.GetUtcNow();
        string? newSecret = null;
        WebhookSubscription written;
        if (existing is null)
        {
            newSecret = WebhookSigner.NewSecret();
            written = new WebhookSubscription(
                input.Url, input.Events, input.Enabled, input.IncludeBodyBytes, null, now, now, 1,
                secrets.Protect(newSecret, Purpose(subscriptionId)), null, null);
        }
        else
        {
            written = Rotated(subscriptionId, existing) with
            {
                Url = input.Url,
                Events = input.Events,
                Enabled = input.Enabled,
                IncludeBodyBytes = input.IncludeBodyBytes,
                DisabledReason = input.Enabled ? null : existing.DisabledReason,
                UpdatedAt = now,
                Version = existing.Version + 1,
            };
        }

        Subscriptions[subscriptionId] = written;
        await state.WriteStateAsync();
        var view = View(subscriptionId, written);
        return existing is null
            ? new WebhookPutResult(WebhookPutOutcome.Created, view, newSecret, ImmutableDictionary<string, string[]>.Empty)
            : new WebhookPutResult(WebhookPutOutcome.Updated, view, null, ImmutableDictionary<string, string[]>.Empty);
    }

    public Task<WebhookSubscriptionView?> GetAsync(string subscriptionId)
        => Task.FromResult(Subscriptions.TryGetValue(subscriptionId, out var subscription) ? View(subscriptionId, subscription) : null);

    public Task<ImmutableArray<WebhookSubscriptionView>> ListAsync()
        => Task.FromResult<ImmutableArray<WebhookSubscriptionView>>([.. Subscriptions.Select(s => View(s.Key, s.Value))]);

    public async Task<bool> DeleteAsync(string subscriptionId)
    {
        if (!Subscriptions.Remove(subscriptionId))
        {
            return false;
        }

        await state.WriteStateAsync();

        // Its delivery state goes too: a new subscription of the same id starts from its own creation.
        await GrainFactory.GetGrain<IWebhookDeliveryWork>(WebhookDeliveryKeys.Of(this.GetPrimaryKeyString(), subscriptionId)).ForgetAsync();
        return true;
    }

    public async Task<WebhookSecretRotation?> RotateSecretAsync(string subscriptionId)
    {
        if (!Subscriptions.TryGetValue(subscriptionId, out var existing))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var newSecret = WebhookSigner.NewSecret();
        var validUntil = now + WebhookLimits.RotationGrace;
        var written = existing with
        {
            Secret = secrets.Protect(newSecret, Purpose(subscriptionId)),
            PreviousSecret = secrets.Rotate(existing.Secret, Purpose(subscriptionId)),
            PreviousValidUntil = validUntil,
            UpdatedAt = now,
            Version = existing.Version + 1,
        };
        Subscriptions[subscriptionId] = written;
        await state.WriteStateAsync();
        return new WebhookSecretRotation(newSecret, validUntil, written.Version);
    }

    public async Task EraseAsync()
    {
        Subscriptions.Clear();
        await state.ClearStateAsync();
    }

    public Task<ImmutableArray<WebhookTarget>> GetTargetsAsync()
    {
        var now = clock.GetUtcNow();
        return Task.FromResult<ImmutableArray<WebhookTarget>>([.. Subscriptions.Select(s => new WebhookTarget(
            s.Key, s.Value.Url, s.Value.Events, s.Value.Enabled, s.Value.IncludeBodyBytes, s.Value.SecretsAt(now), s.Value.Version, s.Value.CreatedAt))]);
    }

    public async Task DisableAsync(string subscriptionId, string reason)
    {
        if (!Subscriptions.TryGetValue(subscriptionId, out var existing))
        {
            return;
        }

        Subscriptions[subscriptionId] = existing with
        {
            Enabled = false,
            DisabledReason = reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength],
            UpdatedAt = clock.GetUtcNow(),
            Version = existing.Version + 1,
        };
        await state.WriteStateAsync();
    }

    /// <summary>The subscription with its secrets under the current encryption key, and a previous secret dropped once its grace is over.</summary>
    private WebhookSubscription Rotated(string subscriptionId, WebhookSubscription subscription)
    {
        var keep = subscription.PreviousSecret is not null && subscription.PreviousValidUntil > clock.GetUtcNow();
        return subscription with
        {
            Secret = secrets.Rotate(subscription.Secret, Purpose(subscriptionId)),
            PreviousSecret = keep ? secrets.Rotate(subscription.PreviousSecret!, Purpose(subscriptionId)) : null,
            PreviousValidUntil = keep ? subscription.PreviousValidUntil : null,
        };
    }

    private string Purpose(string subscriptionId) => WebhookSecretPurpose.For(TenantId, subscriptionId);

    private static WebhookSubscriptionView View(string id, WebhookSubscription s)
        => new(id, s.Url, s.Events, s.Enabled, s.IncludeBodyBytes, s.DisabledReason, s.CreatedAt, s.Version);
}
