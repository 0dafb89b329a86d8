using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailGrains.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// Silos and their clients authenticate each other with certificates of the cluster's CA (real TCP silos on
/// Azure Table membership): without one, or with one of another CA, nothing joins, connects or calls a grain.
/// </summary>
public sealed class ClusterTlsTests
{
    private const string Tls = "MailGrains:Cluster:Tls";

    [Fact]
    public async Task AClientWithTheClustersCertificateConnectsAndCallsGrains()
    {
        await using var storage = new TestStorage();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId());

        using var client = await ClusterClient.StartAsync(storage, silo.ClusterId, TestClusterCertificates.Shared.Gateway.Settings());

        var hosts = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Single(hosts);
    }

    [Fact]
    public async Task AClientWithACertificateOfAnotherCaIsRefusedByTheSilo()
    {
        await using var storage = new TestStorage();
        var logs = new CapturedLogs();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), logs: logs);
        using var foreign = TestClusterCertificates.Create("foreign");
        // The client trusts the silo (both CAs), so only the silo's check of the client can refuse it.
        var settings = foreign.Gateway.Settings().Append(new($"{Tls}:CaFiles:1", TestClusterCertificates.Shared.CaFile));

        await Assert.ThrowsAnyAsync<Exception>(() => ClusterClient.StartAsync(storage, silo.ClusterId, settings));

        // One line that says whose certificate it was and why it was refused (at most one a minute).
        var refused = Assert.Single(logs.Lines, l => l.Contains("Refused a cluster connection", StringComparison.Ordinal));
        Assert.Contains("CN=foreign gateway issued by CN=foreign CA does not chain to a configured CA", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientWithoutACertificateIsRefusedByTheSilo()
    {
        await using var storage = new TestStorage();
        var logs = new CapturedLogs();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), logs: logs);

        // TLS, trusting any silo, but presenting no certificate of its own.
        await Assert.ThrowsAnyAsync<Exception>(() => ClusterClient.StartAsync(
            storage, silo.ClusterId, [new($"{Tls}:Enabled", "false")],
            client => client.UseTls(o =>
            {
                o.ClientCertificateMode = RemoteCertificateMode.NoCertificate;
                o.AllowAnyRemoteCertificate();
            })));

        Assert.Contains(logs.Lines, l => l.Contains("TlsServerConnectionMiddleware", StringComparison.Ordinal) && l.Contains("Authentication failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClientWithoutTlsCannotConnect()
    {
        await using var storage = new TestStorage();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId());

        await Assert.ThrowsAnyAsync<Exception>(() => ClusterClient.StartAsync(storage, silo.ClusterId, [new($"{Tls}:Enabled", "false")]));
    }

    [Fact]
    public async Task ASiloWithACertificateOfAnotherCaCannotJoinTheCluster()
    {
        await using var storage = new TestStorage();
        var logs = new CapturedLogs();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), logs: logs);
        using var foreign = TestClusterCertificates.Create("foreign");
        // The newcomer trusts the cluster (both CAs), so only the cluster's check of the newcomer can refuse it.
        var settings = foreign.Silo.Settings()
            .Append(new($"{Tls}:CaFiles:1", TestClusterCertificates.Shared.CaFile))
            .Append(new("MailGrains:Cluster:ProbeTimeoutSeconds", "1"))
            .Append(new("MailGrains:Cluster:MissedProbesLimit", "1"))
            .ToDictionary();

        var fatal = new RecordedFatalErrors();

        await Assert.ThrowsAnyAsync<Exception>(() => RealSilo.StartAsync(storage, silo.ClusterId, settings, services: s => s
            .AddSingleton<IFatalErrorHandler>(fatal)
            // Give up joining after seconds instead of Orleans' default of five minutes.
            .Configure<ClusterMembershipOptions>(o => o.MaxJoinAttemptTime = TimeSpan.FromSeconds(10))));

        Assert.Contains(logs.Lines, l => l.Contains("TlsServerConnectionMiddleware", StringComparison.Ordinal) && l.Contains("Authentication failed", StringComparison.Ordinal));

        using var client = await ClusterClient.StartAsync(storage, silo.ClusterId, TestClusterCertificates.Shared.Gateway.Settings());
        var hosts = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Single(hosts);
    }

    [Fact]
    public async Task TheGatewayPortSpeaksTlsWithTheClustersCertificate()
    {
        await using var storage = new TestStorage();
        var port = FreePort.Next();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), GatewayPortSetting(port));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        X509Certificate? presented = null;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            // Only records what the silo presents; the assertion below checks it.
            presented = certificate;
            return certificate is not null;
        });

        // Without a client certificate the silo ends the connection, during the handshake or right after it.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var refused = await Record.ExceptionAsync(async () =>
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "silo" }, guard.Token);
            var buffer = new byte[256];
            if (await tls.ReadAsync(buffer, guard.Token) == 0)
            {
                throw new IOException("closed");
            }
        });

        Assert.True(refused is IOException or System.Security.Authentication.AuthenticationException, refused?.ToString() ?? "the silo answered without a client certificate");
        using var expected = X509CertificateLoader.LoadCertificateFromFile(TestClusterCertificates.Shared.Silo.CertificateFile);
        Assert.Equal(expected.Thumbprint, Assert.IsAssignableFrom<X509Certificate>(presented).GetCertHashString());
    }

    [Fact]
    public async Task APlainTcpClientGetsNothingButATlsAlertFromTheGatewayPort()
    {
        await using var storage = new TestStorage();
        var port = FreePort.Next();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), GatewayPortSetting(port));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();

        // Bytes that are no TLS record (an Orleans client without TLS sends its connection preamble first).
        await stream.WriteAsync(new byte[64]);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new List<byte>();
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, guard.Token)) > 0)
            {
                received.AddRange(buffer[..read]);
            }
        }
        catch (IOException)
        {
            // Reset by the silo: nothing more to read.
        }

        // Nothing, or a TLS alert record (content type 21), and the connection closed.
        Assert.True(received.Count == 0 || received[0] == 21, Convert.ToHexString([.. received]));
    }

    [Fact]
    public async Task ASiloWithTlsSwitchedOffSaysTheClusterIsUnauthenticated()
    {
        await using var storage = new TestStorage();
        var logs = new CapturedLogs();

        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), new Dictionary<string, string?> { [$"{Tls}:Enabled"] = "false" }, logs);

        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("the cluster is unauthenticated", StringComparison.Ordinal));
    }

    /// <summary>
    /// The refused silo ends up declared dead, which Orleans answers by ending the process; a test host must
    /// survive it, so this silo only records it (the one fake of these tests: a real process would stop).
    /// </summary>
    private sealed class RecordedFatalErrors : IFatalErrorHandler
    {
        public bool IsUnexpected(Exception exception) => true;

        public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
        {
        }
    }

    private static Dictionary<string, string?> GatewayPortSetting(int port)
        => new() { ["MailGrains:Cluster:GatewayPort"] = port.ToString(CultureInfo.InvariantCulture) };
}
