namespace MailGrains.Grains.Sending;

[GenerateSerializer]
[Alias("MailGrains.OutboxState")]
public sealed class OutboxState
{
    /// <summary>Mails stored as activities and not yet accepted or refused by the SMTP server, oldest first.</summary>
    [Id(0)]
    public List<OutboxEntry> Queue { get; set; } = [];
}

/// <summary>One queued mail: its exact bytes (so retries send the same Message-ID), envelope and retry bookkeeping.</summary>
[GenerateSerializer]
[Alias("MailGrains.OutboxEntry")]
public sealed class OutboxEntry
{
    [Id(0)]
    public string ActivityId { get; set; } = "";

    [Id(1)]
    public string SenderUserId { get; set; } = "";

    [Id(2)]
    public byte[] Raw { get; set; } = [];

    [Id(3)]
    public List<string> Recipients { get; set; } = [];

    [Id(4)]
    public string EnvelopeFrom { get; set; } = "";

    [Id(5)]
    public int Attempts { get; set; }

    [Id(6)]
    public DateTimeOffset NextAttemptAt { get; set; }
}
