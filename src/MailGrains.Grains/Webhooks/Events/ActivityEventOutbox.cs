using Azure.Data.Tables;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>What the activity store asks of webhook events: which ones the tenant wants, and to hand pending rows to the log after a write.</summary>
public interface IActivityEventOutbox
{
    Task<EventInterest> InterestAsync(string tenantId);

    /// <summary>
    /// After a write to <paramref name="partition"/> of <paramref name="table"/>: hands its pending event rows to the
    /// tenant's log when the tenant wants events or this silo has not yet looked for rows a crash may have left there.
    /// </summary>
    Task AfterWriteAsync(TableClient table, string tenantId, string partition, EventInterest interest, CancellationToken cancellationToken);
}

/// <summary>The silo's outbox: the tenants' cached interest (<see cref="WebhookInterest"/>) and the relay to the log (<see cref="ActivityEventRelay"/>).</summary>
public sealed class ActivityEventOutbox(WebhookInterest interests, ActivityEventRelay relay) : IActivityEventOutbox
{
    public Task<EventInterest> InterestAsync(string tenantId) => interests.ForTenantAsync(tenantId);

    public Task AfterWriteAsync(TableClient table, string tenantId, string partition, EventInterest interest, CancellationToken cancellationToken)
        => interest.Any || relay.NotYetFlushed(partition) ? relay.FlushAsync(table, tenantId, partition, cancellationToken) : Task.CompletedTask;
}
