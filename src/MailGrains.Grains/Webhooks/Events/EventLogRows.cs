using System.Globalization;
using Azure.Data.Tables;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>
/// The layout of <c>{prefix}events</c>: partition = tenant id; <c>e|{sequence, 19 digits}</c> per event (so a range scan
/// reads in order), <c>i|{event id}</c> per event (written in the same transaction, so an event handed over twice is
/// refused), and <c>s</c>, the last sequence number used.
/// </summary>
internal static class EventLogRows
{
    public const string SequenceKey = "s";
    private const string LastColumn = "Last";

    public static string EventKey(long sequence) => "e|" + sequence.ToString("D19", CultureInfo.InvariantCulture);

    public static long SequenceOf(string eventKey) => long.Parse(eventKey.AsSpan(2), CultureInfo.InvariantCulture);

    public static string IdKey(string eventId) => "i|" + eventId;

    public static TableEntity Sequence(string tenantId, long last) => new(tenantId, SequenceKey) { [LastColumn] = last };

    public static long LastOf(TableEntity row) => row.GetInt64(LastColumn) ?? 0;

    public static string EventsAfter(string tenantId, long sequence)
        => TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {EventKey(sequence)} and RowKey lt {"e}"}");
}

/// <summary>An event as the log keeps it: its number in the tenant's log and the event.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.LoggedEvent")]
internal sealed record LoggedEvent([property: Id(0)] long Sequence, [property: Id(1)] WebhookEvent Event);
