using MailGrains.Webhooks;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>Which events a tenant's enabled subscriptions ask for, and the longest text body any of them wants.</summary>
public sealed record EventInterest(IReadOnlySet<string> Types, int TextBytes)
{
    public static EventInterest None { get; } = new(new HashSet<string>(), 0);

    public bool Any => Types.Count > 0;

    public bool Wants(string type) => Types.Contains(type);

    public bool WantsCreated => Wants(WebhookEventTypes.ActivityCreated);

    public bool WantsUpdated => Wants(WebhookEventTypes.ActivityUpdated);
}
