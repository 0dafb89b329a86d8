using System.ComponentModel.DataAnnotations;

namespace MailGrains.Grains.Sending;

/// <summary>How the outbox sends, retries and remembers idempotency keys.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "MailGrains:Sending";

    /// <summary>One SMTP delivery (connect, TLS, login, envelope and data) must end within this many seconds, or it is cut off and retried later.</summary>
    [Range(10, 3_600)]
    public int SendDeadlineSeconds { get; set; } = 120;

    /// <summary>A queued mail the server has not taken after this many hours is given up on (status <c>failed</c>).</summary>
    [Range(1, 720)]
    public int GiveUpAfterHours { get; set; } = 72;

    /// <summary>A queued mail is given up on after this many attempts without an answer on it.</summary>
    [Range(1, 10_000)]
    public int MaxAttempts { get; set; } = 100;

    /// <summary>For this many hours a repeated <c>Idempotency-Key</c> answers with the first request's activity.</summary>
    [Range(1, 168)]
    public int IdempotencyKeyHours { get; set; } = 24;

    /// <summary>At most this many idempotency keys per account within their retention; beyond it a request with a new key is refused (429).</summary>
    [Range(10, 1_000_000)]
    public int MaxIdempotencyKeysPerAccount { get; set; } = 10_000;

    /// <summary>The outbox's queue may weigh this many bytes in grain state (the storage limit is 960 KiB); beyond it a send is refused (429) before anything is stored.</summary>
    [Range(16 * 1024, 768 * 1024)]
    public int MaxQueueStateBytes { get; set; } = 512 * 1024;

    /// <summary>The table of idempotency keys (set from the storage prefix by the host).</summary>
    [Required(AllowEmptyStrings = false)]
    public string IdempotencyTableName { get; set; } = "mailgrainsidempotency";

    public TimeSpan SendDeadline => TimeSpan.FromSeconds(SendDeadlineSeconds);

    public TimeSpan GiveUpAfter => TimeSpan.FromHours(GiveUpAfterHours);

    public TimeSpan IdempotencyKeyRetention => TimeSpan.FromHours(IdempotencyKeyHours);
}
