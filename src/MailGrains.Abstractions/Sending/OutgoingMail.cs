using System.Collections.Immutable;

namespace MailGrains.Sending;

/// <summary>
/// A mail a user asks to send through an account. With an <see cref="IdempotencyKey"/>, a repeat of the same
/// request within the key's retention answers with the first activity and sends nothing new.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.OutgoingMail")]
public sealed record OutgoingMail(
    [property: Id(0)] string SenderUserId,
    [property: Id(1)] ImmutableArray<string> To,
    [property: Id(2)] ImmutableArray<string> Cc,
    [property: Id(3)] ImmutableArray<string> Bcc,
    [property: Id(4)] string? Subject,
    [property: Id(5)] string? Text,
    [property: Id(6)] string? Html,
    [property: Id(7)] string? InReplyToActivityId,
    [property: Id(8)] string? IdempotencyKey = null);

public enum SendOutcome
{
    /// <summary>Stored as an outgoing activity and queued; delivery follows.</summary>
    Queued,

    /// <summary>The sender is neither the account's owner nor an allowed sender.</summary>
    Forbidden,

    /// <summary>The account or the activity replied to does not exist.</summary>
    NotFound,

    /// <summary>The account has no outgoing server.</summary>
    NoOutgoingServer,

    /// <summary>The idempotency key was used before, within its retention, for a different request.</summary>
    IdempotencyKeyReused,

    /// <summary>The account's outbox holds as much as it may (queued mail, or idempotency keys within their retention); nothing was stored.</summary>
    OutboxFull,
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.SendResult")]
public sealed record SendResult(
    [property: Id(0)] SendOutcome Outcome,
    [property: Id(1)] string? ActivityId = null,
    [property: Id(2)] string? Error = null);
