using System.Collections.Immutable;

namespace MailGrains.Webhooks;

/// <summary>The events a webhook subscription can ask for (<c>events[]</c>), by their wire names.</summary>
public static class WebhookEventTypes
{
    /// <summary>A new activity: a fetched mail, or a mail sent through the API.</summary>
    public const string ActivityCreated = "activity.created";

    /// <summary>An activity changed: moved to spam, or an outgoing mail's delivery status became sent or failed.</summary>
    public const string ActivityUpdated = "activity.updated";

    /// <summary>An account entered an error state (wrong password, unreachable server, …).</summary>
    public const string AccountError = "account.error";

    /// <summary>An account in error fetched successfully again.</summary>
    public const string AccountRecovered = "account.recovered";

    /// <summary>A folder's UIDVALIDITY changed: the server renumbered it and it is read again.</summary>
    public const string AccountMailboxReset = "account.mailboxReset";

    public static ImmutableArray<string> All { get; } = [ActivityCreated, ActivityUpdated, AccountError, AccountRecovered, AccountMailboxReset];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
