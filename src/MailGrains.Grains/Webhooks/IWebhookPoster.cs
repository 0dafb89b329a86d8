namespace MailGrains.Grains.Webhooks;

/// <summary>
/// Posts one signed event to a subscription's URL once (no retries: the delivery grain's durable schedule owns them),
/// dialling through the operator's outbound network policy, and says what the answer means.
/// </summary>
internal interface IWebhookPoster
{
    /// <param name="url">The subscription's URL (checked again against the network policy when dialled).</param>
    /// <param name="eventId">The <c>webhook-id</c>: the event's id, the same on every retry.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c>: when this attempt is made.</param>
    /// <param name="body">The JSON body, exactly the bytes signed.</param>
    /// <param name="secrets">The signing secrets (<c>whsec_…</c>), current first.</param>
    Task<WebhookPostResult> PostAsync(Uri url, string eventId, DateTimeOffset timestamp, ReadOnlyMemory<byte> body, IReadOnlyList<string> secrets, CancellationToken cancellationToken);
}

public enum WebhookPostOutcome
{
    /// <summary>2xx: done.</summary>
    Delivered,

    /// <summary>410: the receiver wants no more; the subscription is disabled.</summary>
    Gone,

    /// <summary>429, 5xx, a timeout or a connection failure: try again later (<see cref="WebhookPostResult.RetryAfter"/> when the receiver said).</summary>
    Retry,

    /// <summary>Any other answer (3xx, 4xx but 410 and 429): retried too, since a receiver may be fixed, but reported as refused.</summary>
    Refused,

    /// <summary>The operator's network policy forbids the address the URL resolves to: retried, reported with the policy's reason.</summary>
    Forbidden,
}

/// <summary>What one POST came to; <see cref="Error"/> is a sentence for the deliveries list, never a secret.</summary>
public sealed record WebhookPostResult(WebhookPostOutcome Outcome, int? StatusCode, TimeSpan Latency, string? Error, TimeSpan? RetryAfter);
