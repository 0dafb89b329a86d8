using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailGrains.Hosting;

/// <summary>
/// Registers validated options and one table and blob client for the configured storage account. Every user of the
/// account (the Orleans membership, grain-state and reminder providers, the activity store, the health checks) takes
/// these two clients, so a connection string or the process's Azure identity applies to all of them alike.
/// </summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddMailGrainsStorageClients(this IServiceCollection services)
    {
        services.AddValidatedOptions<MailGrainsStorageOptions>(MailGrainsStorageOptions.SectionName);
        // Workload identity in Kubernetes, a managed identity on a VM, a developer's sign-in locally: whichever the
        // environment offers. Resolved only when no connection string is set.
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton(sp => Storage(sp) is { UsesIdentity: true } storage
            ? new TableServiceClient(storage.TableServiceUri, sp.GetRequiredService<TokenCredential>())
            : new TableServiceClient(Storage(sp).ConnectionString));
        services.TryAddSingleton(sp => Storage(sp) is { UsesIdentity: true } storage
            ? new BlobServiceClient(storage.BlobServiceUri, sp.GetRequiredService<TokenCredential>())
            : new BlobServiceClient(Storage(sp).ConnectionString));
        return services;
    }

    /// <summary>Binds <typeparamref name="TOptions"/> to <paramref name="section"/>, validated by data annotations when first used and at start.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
        => services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();

    private static MailGrainsStorageOptions Storage(IServiceProvider services) => services.GetRequiredService<IOptions<MailGrainsStorageOptions>>().Value;
}
