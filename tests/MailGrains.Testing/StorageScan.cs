using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace MailGrains.Testing;

/// <summary>Reads everything stored under a test's table prefix, to prove a secret is nowhere in it.</summary>
public static class StorageScan
{
    /// <summary>Where (<c>table/partition/row/property</c> or <c>container/blob</c>) the text occurs in plain UTF-8.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(TestStorage storage, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        var found = new List<string>();
        var tables = new TableServiceClient(storage.ConnectionString);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(storage.TablePrefix) >= 0 && t.Name.CompareTo(storage.TablePrefix + "{") < 0))
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (var (name, value) in entity)
                {
                    var bytes = value switch
                    {
                        string s => Encoding.UTF8.GetBytes(s),
                        byte[] b => b,
                        BinaryData d => d.ToArray(),
                        _ => [],
                    };
                    if (bytes.AsSpan().IndexOf(needle) >= 0)
                    {
                        found.Add($"{table.Name}/{entity.PartitionKey}/{entity.RowKey}/{name}");
                    }
                }
            }
        }

        var blobs = new BlobServiceClient(storage.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: storage.TablePrefix + "-"))
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                if (content.AsSpan().IndexOf(needle) >= 0)
                {
                    found.Add($"{container.Name}/{blob.Name}");
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The stored grain-state rows of one grain (partition key contains <paramref name="grainKey"/>, row key is
    /// <paramref name="stateName"/>), each as its key and the bytes of all its properties: what the state weighs.
    /// </summary>
    public static async Task<IReadOnlyList<(string Row, long Bytes)>> GrainStateRowsAsync(TestStorage storage, string stateName, string grainKey)
    {
        var rows = new List<(string, long)>();
        var table = new TableServiceClient(storage.ConnectionString).GetTableClient(storage.TablePrefix + "grainstate");
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            if (entity.PartitionKey.Contains(grainKey, StringComparison.Ordinal) && entity.RowKey.Contains(stateName, StringComparison.Ordinal))
            {
                var bytes = entity.Sum(p => p.Value switch
                {
                    string s => (long)Encoding.UTF8.GetByteCount(s),
                    byte[] b => b.Length,
                    BinaryData d => d.ToArray().Length,
                    _ => 8L,
                });
                rows.Add(($"{entity.PartitionKey}/{entity.RowKey}", bytes));
            }
        }

        return rows;
    }

    /// <summary>How many table rows exist under the prefix: a scan that reads nothing proves nothing.</summary>
    public static async Task<int> CountRowsAsync(TestStorage storage)
    {
        var rows = 0;
        var tables = new TableServiceClient(storage.ConnectionString);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(storage.TablePrefix) >= 0 && t.Name.CompareTo(storage.TablePrefix + "{") < 0))
        {
            await foreach (var _ in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                rows++;
            }
        }

        return rows;
    }
}
