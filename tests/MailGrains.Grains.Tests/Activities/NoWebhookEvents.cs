using Azure.Data.Tables;
using MailGrains.Grains.Webhooks.Events;

namespace MailGrains.Grains.Tests.Activities;

/// <summary>
/// The store tested on its own, with no cluster: no tenant has a webhook subscription, so no event is written. The
/// events themselves are tested with a cluster (<c>WebhookEventTests</c>).
/// </summary>
internal sealed class NoWebhookEvents : IActivityEventOutbox
{
    public Task<EventInterest> InterestAsync(string tenantId) => Task.FromResult(EventInterest.None);

    public Task AfterWriteAsync(TableClient table, string tenantId, string partition, EventInterest interest, CancellationToken cancellationToken) => Task.CompletedTask;
}
