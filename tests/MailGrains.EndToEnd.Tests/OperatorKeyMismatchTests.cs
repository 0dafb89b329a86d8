using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// The silos check the operator key themselves (its SHA-256, <c>MailGrains:OperatorKeySha256</c>): a gateway with
/// another key, or a client holding only the cluster certificate, cannot create tenants or mint keys, and the operator
/// is told which settings disagree.
/// </summary>
public sealed class OperatorKeyMismatchTests
{
    [Fact]
    public async Task AGatewayWhoseOperatorKeyTheSilosDoNotHoldGets503NamingTheSettingsAndCreatesNothing()
    {
        await using var storage = new TestStorage();
        var clusterId = FreshNames.ClusterId();
        var logs = new CapturedLogs();
        await using var silo = await RealSilo.StartAsync(storage, clusterId);
        await using var gateway = new GatewayFactory(storage, clusterId, operatorKey: "another-" + TestOperator.Key, logs: logs);
        using var op = gateway.CreateClient();
        op.DefaultRequestHeaders.Authorization = new("Bearer", gateway.OperatorKey);
        await Eventually.MatchesAsync(() => op.GetAsync("/health/ready"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the gateway to be ready");

        var put = await op.PutAsJsonAsync("/v1/tenants/acme", new { name = "Acme" });
        var minted = await op.PostAsync("/v1/tenants/acme/keys", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        var problem = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The silos refuse this gateway's operator key", problem.GetProperty("title").GetString());
        Assert.Contains("MailGrains:OperatorKeySha256", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, minted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync("/v1/tenants/acme")).StatusCode);
        Assert.Contains(logs.Lines, l => l.Contains("The silos refused an operator call", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(gateway.OperatorKey, StringComparison.Ordinal) || l.Contains(TestOperator.Key, StringComparison.Ordinal));
    }
}
