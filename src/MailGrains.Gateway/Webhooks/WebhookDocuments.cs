using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using MailGrains.Webhooks;

namespace MailGrains.Gateway.Webhooks;

/// <summary>
/// A webhook subscription as the API shows and takes it. Read-only fields (<c>id</c>, <c>disabledReason</c>,
/// <c>createdAt</c>, <c>version</c>) are ignored on input. The signing secret is never part of it: it is shown once,
/// when the webhook is created or its secret rotated.
/// </summary>
public class WebhookDocument
{
    public const string EventsText = "At least one of activity.created, activity.updated, account.error, account.recovered, account.mailboxReset; each once.";

    public string? Id { get; set; }

    /// <summary>Where events are posted: an absolute https URL without user name, password or fragment, at most 2048 characters.</summary>
    [Required(ErrorMessage = "Required: an absolute https URL such as https://crm.example.com/hooks/mail.")]
    [MaxLength(WebhookLimits.MaxUrlLength, ErrorMessage = "At most 2048 characters.")]
    public string? Url { get; set; }

    /// <summary>The events to post, at least one, each once: activity.created, activity.updated, account.error, account.recovered, account.mailboxReset.</summary>
    [Required(ErrorMessage = EventsText)]
    [MaxLength(16, ErrorMessage = EventsText)]
    public List<string?>? Events { get; set; }

    /// <summary>Whether events are posted (default true). Writing true clears <c>disabledReason</c>.</summary>
    public bool? Enabled { get; set; }

    /// <summary>How many bytes of an activity's text body an <c>activity.created</c> event carries: 0 (the default) to 65536.</summary>
    [Range(0, WebhookLimits.MaxIncludeBodyBytes, ErrorMessage = "0 (no body) to 65536 bytes of the text body.")]
    public int? IncludeBodyBytes { get; set; }

    /// <summary>Why delivery disabled the webhook (the receiver answered 410, or failed for days); null otherwise.</summary>
    public string? DisabledReason { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public long? Version { get; set; }

    internal static T From<T>(WebhookSubscriptionView view)
        where T : WebhookDocument, new() => new()
    {
        Id = view.Id,
        Url = view.Url,
        Events = [.. view.Events],
        Enabled = view.Enabled,
        IncludeBodyBytes = view.IncludeBodyBytes,
        DisabledReason = view.DisabledReason,
        CreatedAt = view.CreatedAt,
        Version = view.Version,
    };

    internal WebhookSubscriptionInput ToInput(long? expectedVersion)
        => new(Url!, [.. Events!.Select(e => e!)], Enabled ?? true, IncludeBodyBytes ?? 0, expectedVersion);
}

/// <summary>A webhook just created, with its signing secret: the only answer that ever shows it.</summary>
public sealed class CreatedWebhookDocument : WebhookDocument
{
    /// <summary>The signing secret (<c>whsec_</c> + base64), for verifying <c>webhook-signature</c> (Standard Webhooks). Shown only now.</summary>
    public string? Secret { get; set; }
}

/// <summary>
/// A new signing secret, shown only now. Until <paramref name="PreviousSecretValidUntil"/> every event is signed with
/// both, the new one first, so a receiver can switch at its own pace.
/// </summary>
public sealed record WebhookSecretResponse(string Secret, DateTimeOffset PreviousSecretValidUntil, long Version);

/// <summary>Where delivery of a webhook stands, and its recent attempts, newest first.</summary>
public sealed record WebhookDeliveriesResponse(
    long Pending, DateTimeOffset? NextAttemptAt, DateTimeOffset? FailingSince, string? LastError,
    IReadOnlyList<WebhookAttemptResponse> Attempts)
{
    internal static WebhookDeliveriesResponse From(WebhookDeliveryProgress progress, ImmutableArray<WebhookAttemptRecord> attempts) => new(
        progress.Pending, progress.NextAttemptAt, progress.FailingSince, progress.LastError,
        [.. attempts.Select(a => new WebhookAttemptResponse(a.EventId, a.EventType, a.At, a.StatusCode, a.LatencyMilliseconds, a.Error, a.Delivered, a.Attempt))]);
}

/// <summary>One POST of one event: the receiver's status code (none when it could not be reached), how long it took, and why it failed.</summary>
public sealed record WebhookAttemptResponse(
    string EventId, string EventType, DateTimeOffset At, int? StatusCode, int LatencyMilliseconds, string? Error, bool Delivered, int Attempt);

/// <summary>Send again the events that happened at or after <see cref="Since"/>.</summary>
public sealed class WebhookReplayRequest
{
    /// <summary>An ISO 8601 date-time (2026-12-05T10:00:00Z), at most 7 days ago: events are kept that long.</summary>
    [Required(ErrorMessage = "Required: an ISO 8601 date-time such as 2026-12-05T10:00:00Z, at most 7 days ago.")]
    public DateTimeOffset? Since { get; set; }
}

/// <summary>How many events are due again.</summary>
public sealed record WebhookReplayResponse(int Replayed);
