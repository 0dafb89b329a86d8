namespace MailGrains.Grains.Webhooks.Events;

/// <summary>What the activity store asks of webhook events: which ones the tenant wants, and to hand pending rows to the log.</summary>
public interface IActivityEventOutbox
{
    Task<EventInterest> InterestAsync(string tenantId);

    /// <summary>Whether this silo has not yet looked for rows a crash may have left in the partition.</summary>
    bool NotYetFlushed(string partition);

    Task FlushAsync(string tenantId, string partition, CancellationToken cancellationToken);
}

/// <summary>The silo's outbox: the tenants' cached interest (<see cref="WebhookInterest"/>) and the relay to the log (<see cref="ActivityEventRelay"/>).</summary>
public sealed class ActivityEventOutbox(WebhookInterest interest, ActivityEventRelay relay) : IActivityEventOutbox
{
    public Task<EventInterest> InterestAsync(string tenantId) => interest.ForTenantAsync(tenantId);

    public bool NotYetFlushed(string partition) => relay.NotYetFlushed(partition);

    public Task FlushAsync(string tenantId, string partition, CancellationToken cancellationToken) => relay.FlushAsync(tenantId, partition, cancellationToken);
}
