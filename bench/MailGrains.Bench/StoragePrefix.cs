using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace MailGrains.Bench;

/// <summary>A fresh table prefix of one bench silo: its stored size, and removal of all of it afterwards.</summary>
public sealed class StoragePrefix(string connectionString) : IAsyncDisposable
{
    public string Name { get; } = "b" + Guid.NewGuid().ToString("N")[..12];

    public string SecretKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Billable bytes of every row in the prefix's tables except membership, by table, by Azure Table's entity size
    /// formula: 4 + 2 × (key lengths) + per property 8 + 2 × name length + value size.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> TableBytesAsync()
    {
        var tables = new TableServiceClient(connectionString);
        var sizes = new Dictionary<string, long>();
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(Name) >= 0 && t.Name.CompareTo(Name + "{") < 0))
        {
            if (table.Name.EndsWith("membership", StringComparison.Ordinal))
            {
                continue;
            }

            long bytes = 0;
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                bytes += 4 + 2 * (entity.PartitionKey.Length + entity.RowKey.Length);
                foreach (var (key, value) in entity)
                {
                    if (key is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
                    {
                        continue;
                    }

                    bytes += 8 + 2 * key.Length + value switch
                    {
                        string s => 4 + 2 * s.Length,
                        byte[] b => 4 + b.Length,
                        BinaryData d => 4 + d.ToMemory().Length,
                        bool => 1,
                        int => 4,
                        Guid => 16,
                        _ => 8,
                    };
                }
            }

            sizes[table.Name[Name.Length..]] = bytes;
        }

        return sizes;
    }

    public async ValueTask DisposeAsync()
    {
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(Name) >= 0 && t.Name.CompareTo(Name + "{") < 0))
        {
            await tables.DeleteTableAsync(table.Name);
        }

        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: Name + "-"))
        {
            await blobs.DeleteBlobContainerAsync(container.Name);
        }
    }
}
