using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using MailGrains.Activities;

namespace MailGrains.Grains.Activities;

/// <summary>
/// The table layout. Partition <c>{tenant}|{owner}</c>; per activity a detail row <c>a|{id}</c> (the activity
/// and, when small, its raw message in 60 KiB binary chunks) and a list row <c>v|{folder}|{id}</c>. Ids
/// begin with the inverted sort time, so a range scan over <c>v|inbox|</c> reads newest first.
/// </summary>
internal static class ActivityRows
{
    public const int ChunkSize = 60 * 1024;
    private const string ActivityProperty = "Activity";
    private const string RawChunkProperty = "Raw";
    private const string RawChunksProperty = "RawChunks";
    private const string RawBlobProperty = "RawBlob";
    private const string CountProperty = "Count";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Partition(string tenantId, string ownerUserId) => $"{tenantId}|{ownerUserId}";

    public static string DetailKey(string id) => $"a|{id}";

    public static string ListKey(ActivityFolder folder, string id) => $"{ListPrefix(folder)}{id}";

    /// <summary>The row that counts an account's activities in this owner's partition.</summary>
    public static string CounterKey(string accountId) => $"n|{accountId}";

    /// <summary>The action that raises an account's counter by <paramref name="added"/>, conditional on the row read.</summary>
    public static TableTransactionAction Counter(string partition, string accountId, TableEntity? current, int added)
    {
        var next = new TableEntity(partition, CounterKey(accountId)) { [CountProperty] = (current is null ? 0 : CounterValue(current)) + added };
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, next)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, current.ETag);
    }

    public static long CounterValue(TableEntity row) => row.GetInt64(CountProperty) ?? 0;

    public static string ListPrefix(ActivityFolder folder) => $"v|{folder.ToString().ToLowerInvariant()}|";

    public static TableEntity Detail(Activity activity, byte[] raw, string? rawBlob)
    {
        var entity = new TableEntity(Partition(activity.TenantId, activity.OwnerUserId), DetailKey(activity.Id))
        {
            [ActivityProperty] = JsonSerializer.SerializeToUtf8Bytes(activity, s_json),
        };
        if (rawBlob is not null)
        {
            entity[RawBlobProperty] = rawBlob;
            return entity;
        }

        var chunks = (raw.Length + ChunkSize - 1) / ChunkSize;
        entity[RawChunksProperty] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[$"{RawChunkProperty}{i}"] = raw.AsSpan(i * ChunkSize, Math.Min(ChunkSize, raw.Length - (i * ChunkSize))).ToArray();
        }

        return entity;
    }

    public static TableEntity List(Activity activity) => ActivityOnly(activity, ListKey(activity.Folder, activity.Id));

    /// <summary>A row (list row, or a merge into the detail row) that carries just the activity.</summary>
    public static TableEntity ActivityOnly(Activity activity, string rowKey) => new(Partition(activity.TenantId, activity.OwnerUserId), rowKey)
    {
        [ActivityProperty] = JsonSerializer.SerializeToUtf8Bytes(activity, s_json),
    };

    /// <summary>How many bytes the activity takes in its row's property.</summary>
    public static int SerializedSize(Activity activity) => JsonSerializer.SerializeToUtf8Bytes(activity, s_json).Length;

    public static Activity ReadActivity(TableEntity entity)
        => JsonSerializer.Deserialize<Activity>(entity.GetBinary(ActivityProperty), s_json)
            ?? throw new InvalidDataException($"Row {entity.RowKey} holds no activity.");

    /// <summary>The inline raw message, or the blob name when it is stored as a blob.</summary>
    public static (byte[]? Inline, string? Blob) ReadRaw(TableEntity entity)
    {
        if (entity.GetString(RawBlobProperty) is { } blob)
        {
            return (null, blob);
        }

        var chunks = entity.GetInt32(RawChunksProperty) ?? 0;
        using var raw = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            raw.Write(entity.GetBinary($"{RawChunkProperty}{i}"));
        }

        return (raw.ToArray(), null);
    }

    /// <summary>What a row adds to a batch request (binary travels as base64).</summary>
    public static long EstimatedPayload(TableEntity entity) => 512 + entity.Select(p => p.Value).Sum(v => v switch
    {
        byte[] bytes => (bytes.Length * 4L / 3) + 64,
        string text => (text.Length * 2L) + 64,
        _ => 64,
    });
}
