using Azure.Data.Tables;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>
/// The transactional outbox of activity events: a row <c>w|{event id}</c> in the owner's activity partition, written in
/// the same transaction as the change it reports, so the event exists exactly when the change does. Event ids sort by
/// time, so a partition's pending rows read in key order are in the order the changes were made.
/// </summary>
internal static class PendingEventRows
{
    public const string Prefix = "w|";

    public static TableEntity Row(string partition, WebhookEvent e) => EventColumns.Row(partition, Prefix + e.Id, e);

    public static TableTransactionAction Insert(string partition, WebhookEvent e) => new(TableTransactionActionType.Add, Row(partition, e));

    /// <summary>The filter of a partition's pending rows.</summary>
    public static string Filter(string partition) => TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {Prefix} and RowKey lt {"w}"}");
}
