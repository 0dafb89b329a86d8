using System.Collections.Immutable;

namespace MailGrains.Webhooks;

/// <summary>
/// Delivers one subscription's events, keyed <c>{tenant}/{subscriptionId}</c>: reads the tenant's event log after its
/// cursor, posts each event signed (the same <c>webhook-id</c> on every retry), in order per account, and retries
/// on its own durable schedule. The gateway reads its recent attempts and asks it to replay.
/// </summary>
[Alias("MailGrains.IWebhookDeliveryGrain")]
public interface IWebhookDeliveryGrain : IGrainWithStringKey
{
    /// <summary>The most recent delivery attempts, newest first (at most <see cref="WebhookDeliveryLimits.KeptAttempts"/>).</summary>
    [AlwaysInterleave]
    [Alias("GetAttempts")]
    Task<ImmutableArray<WebhookAttemptRecord>> GetAttemptsAsync();

    /// <summary>Sends again every kept event that happened at or after <paramref name="since"/>; returns how many are due again.</summary>
    [Alias("Replay")]
    Task<int> ReplayAsync(DateTimeOffset since);

    /// <summary>Where delivery stands: events waiting, the next attempt, why it is disabled.</summary>
    [AlwaysInterleave]
    [Alias("GetProgress")]
    Task<WebhookDeliveryProgress> GetProgressAsync();
}

/// <summary>One POST of one event to a subscription's URL.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.WebhookAttemptRecord")]
public sealed record WebhookAttemptRecord(
    [property: Id(0)] string EventId,
    [property: Id(1)] string EventType,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] int? StatusCode,
    [property: Id(4)] int LatencyMilliseconds,
    [property: Id(5)] string? Error,
    [property: Id(6)] bool Delivered,
    [property: Id(7)] int Attempt);

/// <summary>A subscription's delivery state as the API shows it.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.WebhookDeliveryProgress")]
public sealed record WebhookDeliveryProgress(
    [property: Id(0)] long Pending,
    [property: Id(1)] DateTimeOffset? NextAttemptAt,
    [property: Id(2)] DateTimeOffset? FailingSince,
    [property: Id(3)] string? LastError);

public static class WebhookDeliveryLimits
{
    /// <summary>How many recent attempts a subscription keeps for <c>GET /v1/webhooks/{id}/deliveries</c>.</summary>
    public const int KeptAttempts = 100;

    /// <summary>How long the tenant's event log keeps an event, and so how far back a replay reaches.</summary>
    public static readonly TimeSpan EventRetention = TimeSpan.FromDays(7);

    /// <summary>How long a failing subscription is retried before it is disabled.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(3);
}
