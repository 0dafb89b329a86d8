using System.Net;
using System.Text.Json;
using MailGrains.Hosting.Health;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>The gateway process on its own: up before the cluster, ready only once a silo answers.</summary>
public sealed class GatewayProcessTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AGatewayStartedBeforeAnySiloIsLiveButNotReadyUntilTheSiloComes()
    {
        await using var storage = new TestStorage();
        var clusterId = FreshNames.ClusterId();
        using var gateway = GatewayProcess.Start(storage, clusterId);
        using var http = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(10) };

        await Eventually.MatchesAsync(() => http.GetAsync("/health/live"), r => r.StatusCode == HttpStatusCode.OK, s_patience, "the gateway to listen");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);

        await using var silo = await RealSilo.StartAsync(storage, clusterId);

        await Eventually.MatchesAsync(() => http.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK, s_patience, "ready once the silo runs");
    }

    [Fact]
    public async Task WithStorageUnreachableTheGatewayIsNotReadyAndSaysWhichStorageServiceFailed()
    {
        await using var storage = new TestStorage();
        var deadPort = FreePort.Next();
        const string accountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        using var gateway = GatewayProcess.Start(storage, FreshNames.ClusterId(), new Dictionary<string, string>
        {
            ["MailGrains__Storage__ConnectionString"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={accountKey};"
                + $"BlobEndpoint=http://127.0.0.1:{deadPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{deadPort}/devstoreaccount1;",
        });
        using var http = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.MatchesAsync(() => http.GetAsync("/health/live"), r => r.StatusCode == HttpStatusCode.OK, s_patience, "the gateway to listen");

        var ready = await http.GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("application/json", ready.Content.Headers.ContentType?.MediaType);
        var checks = JsonDocument.Parse(body).RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => (Status: c.GetProperty("status").GetString(), Description: c.GetProperty("description").GetString()));
        Assert.Equal("Unhealthy", checks[StorageHealthCheckExtensions.TablesCheck].Status);
        Assert.Equal("Unhealthy", checks[StorageHealthCheckExtensions.BlobsCheck].Status);
        Assert.StartsWith("Azure Table storage ", checks[StorageHealthCheckExtensions.TablesCheck].Description, StringComparison.Ordinal);
        Assert.Contains("cluster", checks.Keys);
        Assert.DoesNotContain(accountKey, body, StringComparison.Ordinal);
        Assert.DoesNotContain(deadPort.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
    }
}
