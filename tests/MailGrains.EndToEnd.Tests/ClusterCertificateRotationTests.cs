using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailGrains.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// A running silo picks up renewed certificate files and a changed CA list, as a secret mount changes them, without a
/// restart: the rotation in deploy/README.md ("Cluster certificates and rotation") needs no silo to be restarted.
/// </summary>
public sealed class ClusterCertificateRotationTests
{
    private const string Tls = "MailGrains:Cluster:Tls";

    [Fact]
    public async Task ARunningSiloTrustsANewCaAndPresentsItsRenewedCertificateWithoutARestart()
    {
        await using var storage = new TestStorage();
        using var first = TestClusterCertificates.Create("first");
        using var next = TestClusterCertificates.Create("next");
        var mount = Directory.CreateTempSubdirectory("mailgrains-cluster-tls-mount-").FullName;
        try
        {
            var (certificate, key, ca) = (Path.Combine(mount, "tls.crt"), Path.Combine(mount, "tls.key"), Path.Combine(mount, "ca.crt"));
            File.Copy(first.Silo.CertificateFile, certificate);
            File.Copy(first.Silo.KeyFile, key);
            File.Copy(first.CaFile, ca);
            var port = FreePort.Next();
            var logs = new CapturedLogs();
            await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), logs: logs, overrides: new Dictionary<string, string?>
            {
                ["MailGrains:Cluster:GatewayPort"] = port.ToString(CultureInfo.InvariantCulture),
                [$"{Tls}:CertificateFile"] = certificate,
                [$"{Tls}:KeyFile"] = key,
                [$"{Tls}:CaFiles:0"] = ca,
                [$"{Tls}:ReloadCheckSeconds"] = "1",
            });
            // The clients already trust both CAs, as the rotation's first step has them do.
            var firstClient = first.Gateway.Settings().Append(new($"{Tls}:CaFiles:1", next.CaFile)).ToList();
            var nextClient = next.Gateway.Settings().Append(new($"{Tls}:CaFiles:1", first.CaFile)).ToList();

            Assert.Equal(Thumbprint(first.Silo), await PresentedCertificateAsync(port));
            await Assert.ThrowsAnyAsync<Exception>(() => ClusterClient.StartAsync(storage, silo.ClusterId, nextClient));

            // The mount changes: the CA list gains the new CA, then the silo's certificate is one the new CA issued.
            File.WriteAllText(ca, File.ReadAllText(first.CaFile) + "\n" + File.ReadAllText(next.CaFile));
            File.Copy(next.Silo.KeyFile, key, overwrite: true);
            File.Copy(next.Silo.CertificateFile, certificate, overwrite: true);

            await Eventually.MatchesAsync(() => PresentedCertificateAsync(port), t => t == Thumbprint(next.Silo), TimeSpan.FromSeconds(60), "the silo to present its renewed certificate");
            Assert.Contains(logs.Lines, l => l.Contains("Reloaded the cluster certificates: CN=next silo", StringComparison.Ordinal) && l.Contains("2 trusted CA(s)", StringComparison.Ordinal));
            foreach (var settings in new[] { nextClient, firstClient })
            {
                using var client = await ClusterClient.StartAsync(storage, silo.ClusterId, settings);
                var hosts = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                Assert.Single(hosts);
            }
        }
        finally
        {
            Directory.Delete(mount, recursive: true);
        }
    }

    /// <summary>The thumbprint of the certificate the silo's gateway port presents in a handshake (which then fails: no client certificate).</summary>
    private static async Task<string?> PresentedCertificateAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        string? presented = null;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            presented = certificate?.GetCertHashString();
            return certificate is not null;
        });
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Record.ExceptionAsync(() => tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "silo" }, guard.Token));
        return presented;
    }

    private static string Thumbprint(TestClusterCertificates.Holder holder)
    {
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(holder.CertificateFile);
        return certificate.Thumbprint;
    }
}
