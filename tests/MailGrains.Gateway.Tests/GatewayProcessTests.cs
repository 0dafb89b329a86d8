using System.Net;
using MailGrains.Testing;

namespace MailGrains.Gateway.Tests;

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
}
