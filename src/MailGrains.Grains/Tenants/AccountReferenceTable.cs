using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Tenants;

/// <summary>
/// Which users each account names (owner, allowed senders, permissions), in table rows instead of the tenant's grain
/// state, where a thousand accounts of two hundred 64-character ids would not fit. Partition <c>{tenant}</c>; per
/// account a row <c>a|{account}</c> listing its users, and per named user a row <c>n|{user}|{account}</c>, so that
/// "which accounts name this user" is one range read. Only the tenant grain writes a tenant's partition, one turn
/// at a time. A change adds the new rows first and removes the old ones last, so a user is never unnamed while an
/// account still names them.
/// </summary>
public sealed class AccountReferenceTable(TableServiceClient tables, IOptions<TenantDirectoryOptions> options)
{
    private const int MaxBatchActions = 100;
    private const string UsersProperty = "Users";

    private readonly Lazy<Task<TableClient>> _table = new(async () =>
    {
        var table = tables.GetTableClient(options.Value.TableName);
        await table.CreateIfNotExistsAsync();
        return table;
    });

    /// <summary>The accounts that name the user, sorted.</summary>
    public async Task<IReadOnlyList<string>> AccountsNamingAsync(string tenantId, string userId)
    {
        var table = await _table.Value;
        var prefix = $"n|{userId}|";
        var accounts = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {prefix} and RowKey lt {prefix[..^1] + "}"}"),
            select: ["RowKey"]))
        {
            accounts.Add(row.RowKey[prefix.Length..]);
        }

        return accounts;
    }

    /// <summary>The users the account is recorded to name.</summary>
    public async Task<HashSet<string>> UsersOfAsync(string tenantId, string accountId)
    {
        var table = await _table.Value;
        var row = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, AccountKey(accountId));
        return row.HasValue && row.Value!.GetString(UsersProperty) is { Length: > 0 } users
            ? users.Split(' ').ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>Records that the account names exactly <paramref name="users"/>: new rows first, stale rows last.</summary>
    public async Task RecordAsync(string tenantId, string accountId, IReadOnlySet<string> users)
    {
        var table = await _table.Value;
        var old = await UsersOfAsync(tenantId, accountId);
        var added = users.Where(u => !old.Contains(u)).Select(u => new TableEntity(tenantId, NameKey(u, accountId))).ToList();
        foreach (var chunk in added.Chunk(MaxBatchActions))
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)));
        }

        var account = new TableEntity(tenantId, AccountKey(accountId)) { [UsersProperty] = string.Join(' ', users.Order(StringComparer.Ordinal)) };
        await table.UpsertEntityAsync(account, TableUpdateMode.Replace);
        await DeleteAsync(table, tenantId, old.Where(u => !users.Contains(u)).Select(u => NameKey(u, accountId)));
    }

    /// <summary>Removes the account's rows.</summary>
    public async Task ForgetAsync(string tenantId, string accountId)
    {
        var table = await _table.Value;
        var old = await UsersOfAsync(tenantId, accountId);
        await DeleteAsync(table, tenantId, old.Select(u => NameKey(u, accountId)));
        await DeleteAsync(table, tenantId, [AccountKey(accountId)]);
    }

    /// <summary>Removes every row of the tenant, at most <paramref name="maxRows"/> at a time; false while rows remain.</summary>
    public async Task<bool> EraseTenantAsync(string tenantId, int maxRows)
    {
        var table = await _table.Value;
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), maxPerPage: maxRows, select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
            if (keys.Count == maxRows)
            {
                break;
            }
        }

        await DeleteAsync(table, tenantId, keys);
        return keys.Count < maxRows;
    }

    private static async Task DeleteAsync(TableClient table, string partition, IEnumerable<string> rowKeys)
    {
        foreach (var chunk in rowKeys.Chunk(16))
        {
            await Task.WhenAll(chunk.Select(async key =>
            {
                try
                {
                    await table.DeleteEntityAsync(partition, key, ETag.All);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // Already gone: a repeated step after a crash.
                }
            }));
        }
    }

    private static string AccountKey(string accountId) => $"a|{accountId}";

    private static string NameKey(string userId, string accountId) => $"n|{userId}|{accountId}";
}
