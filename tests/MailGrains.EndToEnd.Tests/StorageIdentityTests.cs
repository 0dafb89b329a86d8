using System.ComponentModel.DataAnnotations;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using MailGrains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Clustering.AzureStorage;
using Orleans.Configuration;
using Orleans.Reminders.AzureStorage;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// Storage by identity: without a connection string, the table and blob clients (and with them every Orleans Azure
/// provider) go to the configured service URIs with a token credential, so production needs no account key.
/// No Azure is reachable from the tests, so the credential here is a stand-in that records which token is asked
/// for and refuses to give one: the request fails before it leaves the process.
/// </summary>
public sealed class StorageIdentityTests
{
    private static readonly Uri s_tables = new("https://mailgrainstest.table.core.windows.net");

    private static readonly Uri s_blobs = new("https://mailgrainstest.blob.core.windows.net");

    [Fact]
    public async Task WithoutAConnectionStringEveryStorageClientUsesTheIdentityAtTheGivenUris()
    {
        var credential = new RecordingCredential();
        using var host = SiloStorageHost(credential, new()
        {
            ["MailGrains:Storage:ConnectionString"] = "",
            ["MailGrains:Storage:TableServiceUri"] = s_tables.ToString(),
            ["MailGrains:Storage:BlobServiceUri"] = s_blobs.ToString(),
        });
        var services = host.Services;

        var tables = services.GetRequiredService<TableServiceClient>();
        var blobs = services.GetRequiredService<BlobServiceClient>();
        Assert.Equal(s_tables, tables.Uri);
        Assert.Equal(s_blobs, blobs.Uri);
        Assert.False(blobs.CanGenerateAccountSasUri, "the blob client holds an account key");
        Assert.Same(tables, services.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(StorageNames.Grains).TableServiceClient);
        Assert.Same(tables, services.GetRequiredService<IOptions<AzureTableReminderStorageOptions>>().Value.TableServiceClient);
        Assert.Same(tables, services.GetRequiredService<IOptions<AzureStorageClusteringOptions>>().Value.TableServiceClient);

        await Assert.ThrowsAsync<CredentialUnavailableException>(() => tables.GetPropertiesAsync());
        await Assert.ThrowsAsync<CredentialUnavailableException>(() => blobs.GetPropertiesAsync());
        Assert.Equal(2, credential.Scopes.Count);
        Assert.All(credential.Scopes, scope => Assert.StartsWith("https://storage.azure.com/", scope, StringComparison.Ordinal));
    }

    [Fact]
    public void TheDefaultCredentialIsAzuresDefaultChain()
    {
        var services = new ServiceCollection().AddMailGrainsStorageClients().BuildServiceProvider();

        Assert.IsType<DefaultAzureCredential>(services.GetRequiredService<TokenCredential>());
    }

    [Fact]
    public void WithAConnectionStringTheClientsUseItsKeyAndNoIdentity()
    {
        var credential = new RecordingCredential();
        using var host = SiloStorageHost(credential, new() { ["MailGrains:Storage:ConnectionString"] = "UseDevelopmentStorage=true" });

        Assert.Equal("devstoreaccount1", host.Services.GetRequiredService<TableServiceClient>().AccountName);
        Assert.True(host.Services.GetRequiredService<BlobServiceClient>().CanGenerateAccountSasUri);
        Assert.False(credential.Resolved);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "https://a.table.core.windows.net", null, "not both")]
    [InlineData("UseDevelopmentStorage=true", "https://a.table.core.windows.net", "https://a.blob.core.windows.net", "not both")]
    [InlineData("", null, null, "TableServiceUri is missing")]
    [InlineData("", "https://a.table.core.windows.net", null, "BlobServiceUri is missing")]
    [InlineData("", "http://a.table.core.windows.net", "https://a.blob.core.windows.net", "TableServiceUri must be an absolute https URI")]
    public void AnythingButExactlyOneWayToTheAccountIsRefused(string connectionString, string? tableUri, string? blobUri, string named)
    {
        var options = new MailGrainsStorageOptions
        {
            ConnectionString = connectionString,
            TableServiceUri = tableUri is null ? null : new Uri(tableUri),
            BlobServiceUri = blobUri is null ? null : new Uri(blobUri),
        };
        var errors = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", null, null)]
    [InlineData("", "https://a.table.core.windows.net", "https://a.blob.core.windows.net")]
    public void AConnectionStringOrBothUrisAreAccepted(string connectionString, string? tableUri, string? blobUri)
    {
        var options = new MailGrainsStorageOptions
        {
            ConnectionString = connectionString,
            TableServiceUri = tableUri is null ? null : new Uri(tableUri),
            BlobServiceUri = blobUri is null ? null : new Uri(blobUri),
        };

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    /// <summary>A silo's storage wiring (providers and clients), built but never started: nothing connects.</summary>
    private static IHost SiloStorageHost(RecordingCredential credential, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TokenCredential>(_ =>
        {
            credential.Resolved = true;
            return credential;
        });
        builder.UseOrleans(silo => silo.UseMailGrainsStorage().UseMailGrainsClustering());
        return builder.Build();
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public bool Resolved { get; set; }

        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            throw new CredentialUnavailableException("no Azure identity in the tests");
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
