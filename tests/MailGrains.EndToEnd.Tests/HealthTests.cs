using System.Net;
using System.Text.Json;
using MailGrains.Hosting.Health;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>The gateway's health endpoints tell a load balancer the truth about the cluster behind it.</summary>
public sealed class HealthTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ReadyAnswersOkAgainstARunningSiloAndNotOnceItIsGone()
    {
        await using var storage = new TestStorage();
        var clusterId = FreshNames.ClusterId();
        var silo = await RealSilo.StartAsync(storage, clusterId);
        var logs = new CapturedLogs();
        await using var gateway = new GatewayFactory(storage, clusterId, logs: logs);
        using var http = gateway.CreateClient();

        await Eventually.MatchesAsync(() => http.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK, s_patience, "ready with a running silo");
        await silo.DisposeAsync();

        var notReady = await Eventually.MatchesAsync(() => http.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable, s_patience, "not ready without a silo");
        var live = await http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        // Why, in one line: a probe every few seconds must not write a stack trace each time.
        var cluster = JsonDocument.Parse(await notReady.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "cluster");
        Assert.Matches("^(cluster does not answer: .+|no active silo)$", cluster.GetProperty("description").GetString());
        Assert.DoesNotContain(logs.Lines, l => l.Contains("HealthCheck", StringComparison.Ordinal) && l.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadyListsTheClusterAndStorageChecksWithTheirStatus()
    {
        await using var storage = new TestStorage();
        var clusterId = FreshNames.ClusterId();
        await using var silo = await RealSilo.StartAsync(storage, clusterId);
        await using var gateway = new GatewayFactory(storage, clusterId);
        using var http = gateway.CreateClient();

        var ready = await Eventually.MatchesAsync(() => http.GetAsync("/health/ready"), r => r.StatusCode == HttpStatusCode.OK, s_patience, "ready with a running silo");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        var live = JsonDocument.Parse(await (await http.GetAsync("/health/live")).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal(
            new Dictionary<string, string?> { ["cluster"] = "Healthy", [StorageHealthCheckExtensions.TablesCheck] = "Healthy", [StorageHealthCheckExtensions.BlobsCheck] = "Healthy" },
            checks);
        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.Equal(0, live.GetProperty("checks").GetArrayLength());
    }

    [Fact]
    public async Task OpenApiDocumentAndProblemDetailsAreServed()
    {
        await using var storage = new TestStorage();
        var clusterId = FreshNames.ClusterId();
        await using var silo = await RealSilo.StartAsync(storage, clusterId);
        await using var gateway = new GatewayFactory(storage, clusterId);
        using var http = gateway.CreateClient();

        var openApi = await http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Contains("\"openapi\"", await openApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var missing = await http.GetAsync("/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }
}
