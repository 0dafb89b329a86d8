namespace MailGrains.Grains.Sending;

/// <summary>
/// What a delivery step did to one due entry, as <see cref="OutboxDelivery"/> reports it. The entry is the grain's
/// copy with the step's changes; the outbox grain alone puts it in its queue and saves.
/// </summary>
internal abstract record DeliveryProgress(OutboxEntry Entry)
{
    /// <summary>The entry changed: an answer, a deferral, or a back-off after a storage failure. <paramref name="Save"/>: worth a write now (a failed one only costs the next run a repeat).</summary>
    public sealed record Changed(OutboxEntry Entry, bool Save) : DeliveryProgress(Entry);

    /// <summary>The server answered and the bookkeeping is done: the entry leaves the queue. If that write fails, it stays, with a back-off.</summary>
    public sealed record Settled(OutboxEntry Entry) : DeliveryProgress(Entry);
}
