using System.Text;
using MailGrains.Activities;

namespace MailGrains.Grains.Sending;

[GenerateSerializer]
[Alias("MailGrains.OutboxState")]
public sealed class OutboxState
{
    /// <summary>Mails stored as activities whose delivery is not settled yet, oldest first.</summary>
    [Id(0)]
    public List<OutboxEntry> Queue { get; set; } = [];

    /// <summary>Idempotency-key rows written since the account's key rows were last counted (an upper bound on how many exist).</summary>
    [Id(1)]
    public int IdempotencyKeyRows { get; set; }

    /// <summary>What the queue weighs in stored state, estimated from above.</summary>
    public int EstimatedBytes() => Queue.Sum(e => e.EstimatedBytes());
}

/// <summary>
/// One queued mail: references and envelope only. The bytes are the stored outgoing activity's raw message,
/// read back for each attempt (so retries send the same Message-ID). Once the server has answered,
/// <see cref="Outcome"/> holds the answer and the entry stays only until the bookkeeping is done: an
/// entry with an outcome is never sent again.
/// </summary>
[GenerateSerializer]
[Alias("MailGrains.OutboxEntry")]
public sealed class OutboxEntry
{
    [Id(0)]
    public string ActivityId { get; set; } = "";

    [Id(1)]
    public string SenderUserId { get; set; } = "";

    /// <summary>Only in entries written before the bytes left the state: such entries are sent from these bytes.</summary>
    [Id(2)]
    public byte[] Raw { get; set; } = [];

    [Id(3)]
    public List<string> Recipients { get; set; } = [];

    [Id(4)]
    public string EnvelopeFrom { get; set; } = "";

    /// <summary>SMTP attempts that ended without an answer on the mail.</summary>
    [Id(5)]
    public int Attempts { get; set; }

    [Id(6)]
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>When the mail was queued; entries of the first version have none and count from their first delivery run.</summary>
    [Id(7)]
    public DateTimeOffset QueuedAt { get; set; }

    /// <summary><see cref="DeliveryStatus.Sent"/> or <see cref="DeliveryStatus.Failed"/> once the server answered (or the outbox gave up).</summary>
    [Id(8)]
    public DeliveryStatus? Outcome { get; set; }

    /// <summary>The status detail that goes with <see cref="Outcome"/>.</summary>
    [Id(9)]
    public string? OutcomeDetail { get; set; }

    /// <summary>The copy to the sent folder was attempted (so it is not appended twice).</summary>
    [Id(10)]
    public bool SentFolderCopyDone { get; set; }

    /// <summary>SHA-256 of the request's idempotency key, so a repeat finds this entry even before its key row exists.</summary>
    [Id(11)]
    public string? IdempotencyKeyHash { get; set; }

    /// <summary>SHA-256 of the request the key was used with.</summary>
    [Id(12)]
    public string? RequestHash { get; set; }

    /// <summary>Why the last attempt did not deliver, for the message when the outbox gives up.</summary>
    [Id(13)]
    public string? LastReason { get; set; }

    /// <summary>Runs of this entry that failed on storage (reading the message, or the bookkeeping after the answer); only delays the next run.</summary>
    [Id(14)]
    public int StorageFailures { get; set; }

    /// <summary>A copy for a delivery step to change; the grain's queue keeps the original until the step reports.</summary>
    public OutboxEntry Copy()
    {
        var copy = (OutboxEntry)MemberwiseClone();
        copy.Recipients = [.. Recipients];
        return copy;
    }

    /// <summary>An upper estimate of the entry's size in stored state.</summary>
    public int EstimatedBytes()
        => 128 + Raw.Length
           + Bytes(ActivityId) + Bytes(SenderUserId) + Bytes(EnvelopeFrom) + Bytes(OutcomeDetail) + Bytes(IdempotencyKeyHash) + Bytes(RequestHash) + Bytes(LastReason)
           + Recipients.Sum(r => 8 + Bytes(r));

    private static int Bytes(string? text) => text is null ? 0 : 8 + Encoding.UTF8.GetByteCount(text);
}
