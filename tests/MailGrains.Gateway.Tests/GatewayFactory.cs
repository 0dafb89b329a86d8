using MailGrains.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace MailGrains.Gateway.Tests;

/// <summary>The gateway in-process, configured as an operator would: storage, cluster id and an operator key.</summary>
/// <remarks><paramref name="settings"/> are applied last, over everything else; <paramref name="network"/> is the outbound policy (<see cref="TestNetwork.TestServers"/> when null).</remarks>
internal sealed class GatewayFactory(
    TestStorage storage,
    string clusterId,
    string? operatorKey = null,
    CapturedLogs? logs = null,
    IReadOnlyDictionary<string, string?>? settings = null,
    TestNetwork? network = null) : WebApplicationFactory<Program>
{
    public string OperatorKey { get; } = operatorKey ?? "op-" + Guid.NewGuid().ToString("N");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in storage.Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("MailGrains:Cluster:ClusterId", clusterId);
        builder.UseSetting("MailGrains:Cluster:ServiceId", "mailgrains-test");
        builder.UseSetting("MailGrains:OperatorKey", OperatorKey);
        foreach (var (key, value) in (network ?? TestNetwork.TestServers).Settings())
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (logs is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        }
    }
}
