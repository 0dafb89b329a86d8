using System.Net;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>With an OTLP endpoint configured the gateway process exports its metrics and traces there.</summary>
public sealed class TelemetryExportTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AGatewayWithAnOtlpEndpointExportsTheMetricsAndTracesOfItsRequests()
    {
        await using var storage = new TestStorage();
        await using var collector = await FakeOtlpReceiver.StartAsync();
        using var gateway = GatewayProcess.Start(storage, FreshNames.ClusterId(), new Dictionary<string, string>
        {
            ["MailGrains__Telemetry__OtlpEndpoint"] = collector.Address.ToString(),
            ["MailGrains__Telemetry__OtlpProtocol"] = "httpprotobuf",
            // The SDK's own settings, so that the test need not wait a minute for the first export.
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        using var http = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.MatchesAsync(() => http.GetAsync("/health/live"), r => r.StatusCode == HttpStatusCode.OK, s_patience, "the gateway to listen");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/openapi/v1.json")).StatusCode);

        await Eventually.MatchesAsync(() => Task.FromResult(collector.Received("metrics", "http.server.request.duration")), r => r, s_patience, "request metrics at the collector");
        await Eventually.MatchesAsync(() => Task.FromResult(collector.Received("traces", "/openapi/v1.json")), r => r, s_patience, "the request's span at the collector");
        Assert.True(collector.Received("traces", "mailgrains-gateway"));
        Assert.False(collector.Received("traces", "/health/live"), "health probes are not traced");
    }
}
