namespace MailGrains.Grains.Webhooks.Events;

/// <summary>
/// One event of a tenant: what changed (<see cref="Type"/>, one of <c>WebhookEventTypes</c>), for which account, when, and
/// its <see cref="Data"/> (the JSON object receivers get as <c>data</c>). <see cref="Id"/> is the <c>webhook-id</c> of every
/// delivery of it, made when the change was written, so a second hand-over of the same event is recognised.
/// <see cref="Text"/> is the mail's text body for subscriptions that ask for it, already cut to the most any of them asks
/// (<see cref="TextCut"/> when that cut something).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.WebhookEvent")]
public sealed record WebhookEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string AccountId,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] byte[] Data,
    [property: Id(5)] string? Text = null,
    [property: Id(6)] bool TextCut = false);

/// <summary>Event ids: <c>msg_</c> and a version-7 GUID, so they sort by the time they were made.</summary>
internal static class WebhookEventIds
{
    public static string New(DateTimeOffset at) => "msg_" + Guid.CreateVersion7(at).ToString("N");

    /// <summary>When the id was made (its first 48 bits are Unix milliseconds); null when it is not one of ours.</summary>
    public static DateTimeOffset? TimeOf(string id)
        => id.Length >= 16 && id.StartsWith("msg_", StringComparison.Ordinal)
            && long.TryParse(id.AsSpan(4, 12), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
