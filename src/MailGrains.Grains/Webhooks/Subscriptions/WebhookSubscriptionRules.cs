using System.Collections.Immutable;
using MailGrains.Webhooks;

namespace MailGrains.Grains.Webhooks.Subscriptions;

/// <summary>
/// The rules of a subscription's fields, by JSON path: the URL (<see cref="WebhookUrlRules"/>), at least one event,
/// each a known name (<see cref="WebhookEventTypes"/>) and none twice, and <c>includeBodyBytes</c> from 0 to
/// <see cref="WebhookLimits.MaxIncludeBodyBytes"/>. The gateway checks them before a write, the grain again.
/// </summary>
public static class WebhookSubscriptionRules
{
    /// <summary>The refused fields; empty when the subscription may be stored.</summary>
    public static ImmutableDictionary<string, string[]> Check(string? url, IReadOnlyList<string?>? events, int includeBodyBytes, WebhookUrlRules urls)
    {
        var errors = ImmutableDictionary.CreateBuilder<string, string[]>(StringComparer.Ordinal);
        if (urls.Refusal(url) is { } refusal)
        {
            errors["url"] = [refusal];
        }

        if (EventsRefusal(events) is { } eventsRefusal)
        {
            errors["events"] = [eventsRefusal];
        }

        if (includeBodyBytes is < 0 or > WebhookLimits.MaxIncludeBodyBytes)
        {
            errors["includeBodyBytes"] = [$"0 (no body) to {WebhookLimits.MaxIncludeBodyBytes} bytes of the text body."];
        }

        return errors.ToImmutable();
    }

    private static string? EventsRefusal(IReadOnlyList<string?>? events)
    {
        var known = string.Join(", ", WebhookEventTypes.All);
        if (events is null || events.Count == 0)
        {
            return $"Required: at least one of {known}.";
        }

        if (events.Count > WebhookEventTypes.All.Length)
        {
            return $"At most {WebhookEventTypes.All.Length} events, each once: {known}.";
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not { } name || !WebhookEventTypes.IsKnown(name))
            {
                return $"events[{i}] is not an event this service sends; the events are {known}.";
            }

            if (events.Take(i).Contains(name, StringComparer.Ordinal))
            {
                return $"events[{i}] repeats '{name}': name each event once.";
            }
        }

        return null;
    }
}
