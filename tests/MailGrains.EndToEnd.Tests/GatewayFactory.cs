using MailGrains.Testing;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace MailGrains.EndToEnd.Tests;

/// <summary>The gateway in-process, configured as an operator would: storage, cluster id, cluster certificate and an operator key.</summary>
/// <remarks><paramref name="settings"/> are applied last, over everything else; <paramref name="network"/> is the outbound policy (<see cref="TestNetwork.TestServers"/> when null).</remarks>
internal sealed class GatewayFactory(
    TestStorage storage,
    string clusterId,
    string? operatorKey = null,
    CapturedLogs? logs = null,
    IReadOnlyDictionary<string, string?>? settings = null,
    TestNetwork? network = null) : WebApplicationFactory<Program>
{
    public string OperatorKey { get; } = operatorKey ?? TestOperator.Key;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in storage.Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("MailGrains:Cluster:ClusterId", clusterId);
        builder.UseSetting("MailGrains:Cluster:ServiceId", "mailgrains-test");
        builder.UseSetting("MailGrains:OperatorKey", OperatorKey);
        foreach (var (key, value) in TestClusterCertificates.Shared.Gateway.Settings())
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in (network ?? TestNetwork.TestServers).Settings())
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
        if (logs is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        }
    }
}

/// <summary>
/// The test server has no client address; a test that needs one (limits per address) names it in
/// <see cref="Header"/>, which only the in-process test gateway reads.
/// </summary>
internal sealed class ClientAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
