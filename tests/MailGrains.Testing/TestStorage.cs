using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace MailGrains.Testing;

/// <summary>A fresh table prefix on the test Azurite, and removal of everything stored under it.</summary>
public sealed class TestStorage : IAsyncDisposable
{
    public string ConnectionString { get; } = TestServices.StorageConnectionString;

    public string TablePrefix { get; } = FreshNames.TablePrefix();

    /// <summary>A secret-encryption key of this run only.</summary>
    public string SecretKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Configuration keys that point a silo or client at this storage, with this run's secret key.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("MailGrains:Storage:ConnectionString", ConnectionString);
        yield return new("MailGrains:Storage:TablePrefix", TablePrefix);
        yield return new("MailGrains:Secrets:CurrentKeyId", "test");
        yield return new("MailGrains:Secrets:Keys:test", SecretKey);
    }

    public async ValueTask DisposeAsync()
    {
        var tables = new TableServiceClient(ConnectionString);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(TablePrefix) >= 0 && t.Name.CompareTo(TablePrefix + "{") < 0))
        {
            await tables.DeleteTableAsync(table.Name);
        }

        var blobs = new BlobServiceClient(ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: TablePrefix + "-"))
        {
            await blobs.DeleteBlobContainerAsync(container.Name);
        }
    }
}
