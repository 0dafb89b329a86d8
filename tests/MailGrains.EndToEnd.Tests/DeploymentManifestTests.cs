using System.Reflection;
using System.Text.RegularExpressions;
using MailGrains.Grains.Fetching;
using MailGrains.Grains.Perimeter;
using MailGrains.Grains.Secrets;
using MailGrains.Hosting;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// Docker and Kubernetes are not on the build machine, so the deployment files are checked here: every
/// MailGrains setting they set must be one the processes read, and the required ones must be set.
/// </summary>
public sealed partial class DeploymentManifestTests
{
    private static readonly (string Section, Type Options)[] s_sections =
    [
        ("MailGrains:Storage", typeof(MailGrainsStorageOptions)),
        ("MailGrains:Cluster", typeof(MailGrainsClusterOptions)),
        ("MailGrains:Cluster:Tls", typeof(ClusterTlsOptions)),
        ("MailGrains:Secrets", typeof(SecretOptions)),
        ("MailGrains:Mail", typeof(MailOptions)),
        ("MailGrains:Telemetry", typeof(MailGrainsTelemetryOptions)),
        ("MailGrains:Dashboard", typeof(MailGrainsDashboardOptions)),
        ("MailGrains", typeof(GatewayOptions)),
        ("MailGrains", typeof(OperatorKeyOptions)),
    ];

    [Fact]
    public void EverySettingInTheDeploymentFilesIsOneTheProcessesRead()
    {
        var keys = SettingKeys().ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.True(IsKnown(key), $"{key} is set in deploy/ but no options class reads it"));
    }

    [Fact]
    public void TheKubernetesManifestsSetEveryRequiredSetting()
    {
        var keys = SettingKeys("k8s").ToHashSet(StringComparer.OrdinalIgnoreCase);

        string[] required =
        [
            "MailGrains:Storage:ConnectionString", "MailGrains:Storage:TableServiceUri", "MailGrains:Storage:BlobServiceUri", "MailGrains:OperatorKey", "MailGrains:OperatorKeySha256", "MailGrains:Secrets:CurrentKeyId",
            "MailGrains:Cluster:ClusterId", "MailGrains:Cluster:ServiceId", "MailGrains:Cluster:AdvertisedAddress",
            "MailGrains:Cluster:Tls:CertificateFile", "MailGrains:Cluster:Tls:KeyFile", "MailGrains:Cluster:Tls:CaFiles:0",
        ];
        Assert.All(required, key => Assert.Contains(key, keys));
        var currentKey = File.ReadAllText(Path.Combine(DeployFolder, "k8s", "config.yaml"))
            .Split('\n').Single(l => l.Contains("MailGrains__Secrets__CurrentKeyId", StringComparison.Ordinal)).Split('"')[1];
        Assert.Contains($"MailGrains:Secrets:Keys:{currentKey}", keys);
    }

    private static string DeployFolder => Path.Combine(FindRoot(), "deploy");

    private static IEnumerable<string> SettingKeys(string folder = "")
        => Directory.GetFiles(Path.Combine(DeployFolder, folder), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith("Dockerfile", StringComparison.Ordinal))
            .SelectMany(f => SettingName().Matches(File.ReadAllText(f)).Select(m => m.Value.Replace("__", ":", StringComparison.Ordinal)))
            .Distinct(StringComparer.OrdinalIgnoreCase);

    private static bool IsKnown(string key)
    {
        var parts = key.Split(':');
        for (var split = parts.Length - 1; split >= 1; split--)
        {
            var section = string.Join(':', parts[..split]);
            foreach (var (_, type) in s_sections.Where(s => string.Equals(s.Section, section, StringComparison.OrdinalIgnoreCase)))
            {
                if (type.GetProperty(parts[split], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { CanWrite: true } property)
                {
                    var rest = parts.Length - split - 1;
                    return rest == 0 || (rest == 1 && IsKeyed(property.PropertyType, parts[^1]));
                }
            }
        }

        return false;
    }

    /// <summary>A dictionary's entry by name, or a list's by index (<c>CaFiles:0</c>).</summary>
    private static bool IsKeyed(Type type, string key)
        => type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Dictionary<,>)
            || (type.GetGenericTypeDefinition() == typeof(List<>) && int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MailGrains.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"MailGrains__[A-Za-z0-9_]+")]
    private static partial Regex SettingName();
}
