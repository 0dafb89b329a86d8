using System.Collections.Immutable;
using MailGrains.Perimeter;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>
/// A tenant's event log (keyed by tenant id): numbers the events its producers hand over and keeps them, each once, for
/// <c>WebhookDeliveryLimits.EventRetention</c>; wakes the subscriptions that want them. Silo-internal.
/// </summary>
[Alias("MailGrains.ITenantEventLog")]
internal interface ITenantEventLog : IGrainWithStringKey
{
    /// <summary>
    /// Appends the events no earlier hand-over appended (an event id seen before is skipped), in the order given, and
    /// only those some enabled subscription wants. Returns when they are stored, so the caller may then delete its copies.
    /// </summary>
    /// <remarks>Interleaved, so that hand-overs arriving during a write join the next one (a group commit).</remarks>
    [SiloInternal]
    [AlwaysInterleave]
    [Alias("Append")]
    Task AppendAsync(ImmutableArray<WebhookEvent> events);
}
