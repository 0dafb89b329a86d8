using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailGrains.Hosting.ClusterTls;
using MailGrains.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>A peer that keeps knocking with a wrong certificate costs one log line a minute, which counts the rest.</summary>
public sealed class ClusterConnectionRefusalsTests
{
    [Fact]
    public void RefusalsAreLoggedAtMostOnceAMinuteWithHowManyWereLeftOut()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var refusals = new ClusterConnectionRefusals(factory.CreateLogger<ClusterConnectionRefusals>(), time);
        using var key = ECDsa.Create();
        using var certificate = new CertificateRequest("CN=intruder", key, HashAlgorithmName.SHA256).CreateSelfSigned(time.GetUtcNow().AddDays(-1), time.GetUtcNow().AddDays(1));

        for (var i = 0; i < 1000; i++)
        {
            refusals.Report(certificate, "does not chain to a configured CA");
        }

        time.Advance(TimeSpan.FromSeconds(59));
        refusals.Report(certificate, "does not chain to a configured CA");
        Assert.Single(logs.Lines, l => l.Contains("Refused a cluster connection", StringComparison.Ordinal));

        time.Advance(TimeSpan.FromSeconds(2));
        refusals.Report(certificate, "lacks the clientAuth usage");

        var lines = logs.Lines.Where(l => l.Contains("Refused a cluster connection", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("CN=intruder issued by CN=intruder does not chain to a configured CA (0 more", lines[0], StringComparison.Ordinal);
        Assert.Contains("lacks the clientAuth usage (1000 more refused since the last such line)", lines[1], StringComparison.Ordinal);
    }
}
