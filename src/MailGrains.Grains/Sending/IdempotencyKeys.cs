using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MailGrains.Sending;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Sending;

/// <summary>An idempotency key remembered for an account: the activity its first request made.</summary>
internal sealed record IdempotencyRecord(string ActivityId, string RequestHash, DateTimeOffset CreatedAt);

/// <summary>
/// Idempotency keys of sends, one table row each: partition <c>{tenant}|{account}</c>, row the SHA-256 of the
/// key (so any printable key is a valid row key and the key itself is not stored). Only the account's
/// outbox grain reads and writes its partition, one request at a time; it bounds how many rows it keeps.
/// </summary>
internal sealed class IdempotencyKeys(TableServiceClient tables, IOptions<OutboxOptions> options)
{
    private const string ActivityIdColumn = "ActivityId";
    private const string RequestHashColumn = "RequestHash";
    private const string CreatedAtColumn = "CreatedAt";
    private const int MaxBatchActions = 100;

    private readonly Lazy<Task<TableClient>> _table = new(async () =>
    {
        var table = tables.GetTableClient(options.Value.IdempotencyTableName);
        await table.CreateIfNotExistsAsync();
        return table;
    });

    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What a key is compared by: everything in the request except the key.</summary>
    public static string RequestHash(OutgoingMail mail)
        => Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(mail with { IdempotencyKey = null })));

    public async Task<IdempotencyRecord?> FindAsync(string accountKey, string keyHash, CancellationToken cancellationToken = default)
    {
        var table = await _table.Value;
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(accountKey), keyHash, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity
            ? new IdempotencyRecord(entity.GetString(ActivityIdColumn) ?? "", entity.GetString(RequestHashColumn) ?? "", entity.GetDateTimeOffset(CreatedAtColumn) ?? DateTimeOffset.MinValue)
            : null;
    }

    /// <summary>Remembers a key (replacing an expired row of the same key).</summary>
    public async Task PutAsync(string accountKey, string keyHash, IdempotencyRecord record, CancellationToken cancellationToken = default)
    {
        var table = await _table.Value;
        await table.UpsertEntityAsync(
            new TableEntity(Partition(accountKey), keyHash)
            {
                [ActivityIdColumn] = record.ActivityId,
                [RequestHashColumn] = record.RequestHash,
                [CreatedAtColumn] = record.CreatedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>Deletes the account's rows created before <paramref name="expiredBefore"/>; returns how many are left.</summary>
    public async Task<int> PruneAsync(string accountKey, DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        var table = await _table.Value;
        var live = 0;
        var expired = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(accountKey)}"), select: [CreatedAtColumn], cancellationToken: cancellationToken))
        {
            if (row.GetDateTimeOffset(CreatedAtColumn) is { } created && created >= expiredBefore)
            {
                live++;
            }
            else
            {
                expired.Add(row);
            }
        }

        await DeleteAsync(table, expired, cancellationToken);
        return live;
    }

    /// <summary>Forgets every key of the account (the account is being deleted).</summary>
    public Task DeleteAllAsync(string accountKey, CancellationToken cancellationToken = default)
        => PruneAsync(accountKey, DateTimeOffset.MaxValue, cancellationToken);

    private static async Task DeleteAsync(TableClient table, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(MaxBatchActions))
        {
            await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        }
    }

    private static string Partition(string accountKey)
    {
        var (tenantId, accountId) = GrainKeys.Split(accountKey);
        return $"{tenantId}|{accountId}";
    }
}
