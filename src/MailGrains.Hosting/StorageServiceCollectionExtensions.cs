using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGrains.Hosting;

/// <summary>Registers validated options and one table and blob client for the configured storage account.</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddMailGrainsStorageClients(this IServiceCollection services)
    {
        services.AddValidatedOptions<MailGrainsStorageOptions>(MailGrainsStorageOptions.SectionName);
        services.AddSingleton(sp => new TableServiceClient(sp.GetRequiredService<IOptions<MailGrainsStorageOptions>>().Value.ConnectionString));
        services.AddSingleton(sp => new BlobServiceClient(sp.GetRequiredService<IOptions<MailGrainsStorageOptions>>().Value.ConnectionString));
        return services;
    }

    /// <summary>Binds <typeparamref name="TOptions"/> to <paramref name="section"/>, validated by data annotations when first used and at start.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
        => services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
