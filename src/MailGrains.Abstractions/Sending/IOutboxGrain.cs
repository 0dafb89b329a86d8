namespace MailGrains.Sending;

/// <summary>
/// The durable outbox of one mail account, keyed <c>{tenantId}/{accountId}</c>: composes, stores the outgoing
/// activity, queues, and delivers through the account's SMTP server with retries. Separate from the
/// account grain, so that sending never waits for a long fetch.
/// </summary>
[Alias("MailGrains.IOutboxGrain")]
public interface IOutboxGrain : IGrainWithStringKey
{
    /// <summary>Queues a mail; answers once it is stored durably (activity and queue entry), before delivery.</summary>
    [Alias("Send")]
    Task<SendResult> SendAsync(OutgoingMail mail);

    /// <summary>Drops the queue (the account is being deleted).</summary>
    [Alias("Clear")]
    Task ClearAsync();
}
