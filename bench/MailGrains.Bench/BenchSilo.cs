using System.Globalization;
using System.Net.Sockets;
using System.Net;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using MailGrains.Bench.Probes;
using MailGrains.Hosting;
using MailGrains.Perimeter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailGrains.Bench;

/// <summary>
/// The silo host's own silo (<see cref="SiloHostBuilderExtensions.AddMailGrainsSilo"/>) in this process, on the bench
/// Azurite under a table prefix of its own, with a fresh cluster id and loopback ports. Its storage clients are
/// the product's, plus a policy that counts their requests.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    public const string ServiceId = "mailgrains-bench";

    private readonly IHost _host;

    private BenchSilo(IHost host, StorageCounter storage, FetchLog fetches)
    {
        _host = host;
        Storage = storage;
        Fetches = fetches;
    }

    public StorageCounter Storage { get; }

    public FetchLog Fetches { get; }

    /// <summary>The operator key of this run, which <see cref="Fleet"/> carries to create tenants (the silo holds its hash).</summary>
    public static string OperatorKey { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    public static async Task<BenchSilo> StartAsync(BenchEnvironment env, string tablePrefix, string secretKey)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var fetches = new FetchLog();
        builder.Logging.AddProvider(fetches).SetMinimumLevel(LogLevel.Information);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MailGrains:Storage:ConnectionString"] = env.StorageConnectionString,
            ["MailGrains:Storage:TablePrefix"] = tablePrefix,
            ["MailGrains:OperatorKeySha256"] = OperatorProof.Sha256Hex(OperatorKey),
            ["MailGrains:Secrets:CurrentKeyId"] = "bench",
            ["MailGrains:Secrets:Keys:bench"] = secretKey,
            ["MailGrains:Cluster:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..12],
            ["MailGrains:Cluster:ServiceId"] = ServiceId,
            ["MailGrains:Cluster:SiloPort"] = FreePort(),
            ["MailGrains:Cluster:GatewayPort"] = FreePort(),
            ["MailGrains:Cluster:AdvertisedAddress"] = "127.0.0.1",
            // One silo on loopback that no client connects to: no cluster traffic for TLS to protect.
            ["MailGrains:Cluster:Tls:Enabled"] = "false",
            // The bench mail servers are local and plain (see deploy/local/mailservers.sh).
            ["MailGrains:Network:Allow:0"] = "127.0.0.0/8",
            ["MailGrains:Network:Allow:1"] = "::1/128",
            ["MailGrains:Mail:AllowPlaintext"] = "true",
            ["MailGrains:Mail:AllowUnauthenticatedSmtp"] = "true",
            // The real-time section's webhook receiver listens on plain HTTP on loopback.
            ["MailGrains:Webhooks:AllowPlainHttp"] = "true",
        });
        builder.AddMailGrainsSilo();

        // Registered last, so these replace the product's clients: same account, one counting policy more.
        var storage = new StorageCounter();
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(storage, HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(storage, HttpPipelinePosition.PerRetry);
        builder.Services.AddSingleton(new TableServiceClient(env.StorageConnectionString, tableOptions));
        builder.Services.AddSingleton(new BlobServiceClient(env.StorageConnectionString, blobOptions));

        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new BenchSilo(host, storage, fetches);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _host.StopAsync(stopping.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
