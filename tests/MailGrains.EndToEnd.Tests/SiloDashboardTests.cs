using System.Net;
using System.Text.Json;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>A silo with <c>MailGrains:Dashboard:Enabled</c> serves the Orleans Dashboard and its health over HTTP.</summary>
public sealed class SiloDashboardTests
{
    [Fact]
    public async Task ASiloWithTheDashboardOnServesItAndItsHealthOnTheConfiguredPort()
    {
        await using var storage = new TestStorage();
        var port = FreePort.Next();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), new Dictionary<string, string?>
        {
            ["MailGrains:Dashboard:Enabled"] = "true",
            ["MailGrains:Dashboard:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

        var page = await http.GetAsync("/");
        var ready = await http.GetAsync("/health/ready");
        var state = await http.GetAsync("/GrainState?grainId=x&grainType=y");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, state.StatusCode);
    }

    [Fact]
    public async Task ASiloWithTheDashboardOffListensOnNoHttpPort()
    {
        await using var storage = new TestStorage();
        var port = FreePort.Next();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), new Dictionary<string, string?>
        {
            ["MailGrains:Dashboard:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/"));
    }
}
