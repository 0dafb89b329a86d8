using System.Text;
using Azure.Data.Tables;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>How an event is written into a table row, the same in a pending row and in the tenant's log.</summary>
internal static class EventColumns
{
    /// <summary>The longest text body an event carries, in UTF-8 bytes (a binary property holds at most 64 KiB).</summary>
    public const int MaxTextBytes = 60 * 1024;

    private const string IdColumn = "EventId";
    private const string TypeColumn = "Type";
    private const string AccountColumn = "AccountId";
    private const string AtColumn = "OccurredAt";
    private const string DataColumn = "Data";
    private const string TextColumn = "Text";
    private const string TextCutColumn = "TextCut";

    public static TableEntity Row(string partition, string rowKey, WebhookEvent e)
    {
        var row = new TableEntity(partition, rowKey)
        {
            [IdColumn] = e.Id,
            [TypeColumn] = e.Type,
            [AccountColumn] = e.AccountId,
            [AtColumn] = e.OccurredAt,
            [DataColumn] = e.Data,
        };
        if (e.Text is { } text)
        {
            row[TextColumn] = Encoding.UTF8.GetBytes(text);
            row[TextCutColumn] = e.TextCut;
        }

        return row;
    }

    public static WebhookEvent Read(TableEntity row) => new(
        row.GetString(IdColumn) ?? throw new InvalidDataException($"Event row {row.RowKey} has no id."),
        row.GetString(TypeColumn) ?? "",
        row.GetString(AccountColumn) ?? "",
        row.GetDateTimeOffset(AtColumn) ?? DateTimeOffset.MinValue,
        row.GetBinary(DataColumn) ?? [],
        row.GetBinary(TextColumn) is { } text ? Encoding.UTF8.GetString(text) : null,
        row.GetBoolean(TextCutColumn) ?? false);

    /// <summary>The text cut to at most <paramref name="maxBytes"/> UTF-8 bytes, never inside a character; null when none is wanted.</summary>
    public static string? Cut(string? text, int maxBytes)
    {
        if (text is null || maxBytes <= 0)
        {
            return null;
        }

        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
        {
            end--;
        }

        return Encoding.UTF8.GetString(bytes, 0, end);
    }
}
