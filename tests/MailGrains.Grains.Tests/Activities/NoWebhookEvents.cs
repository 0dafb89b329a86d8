using MailGrains.Grains.Webhooks.Events;

namespace MailGrains.Grains.Tests.Activities;

/// <summary>
/// The store tested on its own, with no cluster: no tenant has a webhook subscription, so no event is written. The
/// events themselves are tested with a cluster (<c>WebhookEventTests</c>).
/// </summary>
internal sealed class NoWebhookEvents : IActivityEventOutbox
{
    public Task<EventInterest> InterestAsync(string tenantId) => Task.FromResult(EventInterest.None);

    public bool NotYetFlushed(string partition) => false;

    public Task FlushAsync(string tenantId, string partition, CancellationToken cancellationToken) => Task.CompletedTask;
}
