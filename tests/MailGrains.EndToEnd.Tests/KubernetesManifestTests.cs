using k8s;
using k8s.Models;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// The Kubernetes manifests as a cluster admin would review them: each document is a valid object of a known kind,
/// pods run unprivileged on a read-only filesystem without an API token, images are versioned, the network is
/// closed by default and no secret has a usable value. Next to <see cref="DeploymentManifestTests"/>, which checks
/// the MailGrains settings they carry.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const long AppUser = 1654;

    private static readonly IReadOnlyList<(string File, object Document)> s_documents = KubernetesManifests.LoadFolder(K8sFolder);

    private static IEnumerable<object> Documents => s_documents.Select(d => d.Document);

    [Fact]
    public void EveryManifestLoadsStrictlyAsAKnownKind()
    {
        Assert.All(s_documents, d => Assert.IsAssignableFrom<IKubernetesObject>(d.Document));
        var kinds = Documents.Cast<IKubernetesObject>().Select(d => d.Kind).ToHashSet();
        Assert.Superset<string>(new HashSet<string> { "ConfigMap", "Secret", "ServiceAccount", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy", "Ingress" }, kinds);
    }

    [Fact]
    public void AMisspelledFieldFailsTheCheck()
    {
        const string Pod = """
            apiVersion: v1
            kind: Pod
            metadata: { name: p }
            spec:
              containers:
                - name: c
                  image: i:1.0.0
                  {0}: { runAsNonRoot: true }
            """;

        Assert.Single(KubernetesManifests.Load(Pod.Replace("{0}", "securityContext", StringComparison.Ordinal)));
        Assert.ThrowsAny<Exception>(() => KubernetesManifests.Load(Pod.Replace("{0}", "securityContex", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("silo.yaml", "readOnlyRootFilesystem", "readOnlyRootFileSystem")]
    [InlineData("silo.yaml", "terminationGracePeriodSeconds", "terminationGracePeriod")]
    [InlineData("silo.yaml", "runAsUser: 1654", "runAsUser: app")]
    [InlineData("gateway.yaml", "allowPrivilegeEscalation", "allowPrivilegeEscalaton")]
    [InlineData("gateway.yaml", "automountServiceAccountToken", "automountServiceAccountTokens")]
    [InlineData("network-policy.yaml", "policyTypes", "policyType")]
    [InlineData("ingress.yaml", "ingressClassName", "ingressClass")]
    public void AMistakeInAShippedManifestFailsTheCheck(string file, string field, string mistake)
    {
        var yaml = File.ReadAllText(Path.Combine(K8sFolder, file));
        var at = yaml.IndexOf(field, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{field} is not in {file}");

        Assert.NotEmpty(KubernetesManifests.Load(yaml));
        Assert.ThrowsAny<Exception>(() => KubernetesManifests.Load(string.Concat(yaml.AsSpan(0, at), mistake, yaml.AsSpan(at + field.Length))));
    }

    [Fact]
    public void AnUnknownKindFailsTheCheck()
        => Assert.ThrowsAny<Exception>(() => KubernetesManifests.Load("apiVersion: v1\nkind: Podd\nmetadata: { name: p }\n"));

    [Fact]
    public void EveryPodRunsUnprivilegedWithoutAnApiToken()
    {
        var pods = KubernetesManifests.PodSpecs(Documents).ToList();

        Assert.Equal(["mailgrains-gateway", "mailgrains-silo"], pods.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(pods, p =>
        {
            var (name, pod) = p;
            Assert.False(pod.AutomountServiceAccountToken ?? true, $"{name}: the service-account token is mounted");
            Assert.NotNull(pod.ServiceAccountName);
            Assert.True(pod.SecurityContext?.RunAsNonRoot, $"{name}: runAsNonRoot");
            Assert.Equal(AppUser, pod.SecurityContext!.RunAsUser);
            Assert.Equal(AppUser, pod.SecurityContext.RunAsGroup);
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile?.Type);
            var tmp = pod.Volumes?.SingleOrDefault(v => v.EmptyDir is not null);
            Assert.True(tmp is not null, $"{name}: no emptyDir for /tmp");
            Assert.All(pod.Containers.Concat(pod.InitContainers ?? []), c =>
            {
                var security = c.SecurityContext;
                Assert.True(security is not null, $"{name}/{c.Name}: no securityContext");
                Assert.True(security.RunAsNonRoot, $"{name}/{c.Name}: runAsNonRoot");
                Assert.Equal(AppUser, security.RunAsUser);
                Assert.Equal(AppUser, security.RunAsGroup);
                Assert.True(security.ReadOnlyRootFilesystem, $"{name}/{c.Name}: readOnlyRootFilesystem");
                Assert.False(security.AllowPrivilegeEscalation ?? true, $"{name}/{c.Name}: allowPrivilegeEscalation");
                Assert.False(security.Privileged ?? false, $"{name}/{c.Name}: privileged");
                Assert.Equal(["ALL"], security.Capabilities?.Drop ?? []);
                Assert.Null(security.Capabilities?.Add);
                Assert.Equal("RuntimeDefault", security.SeccompProfile?.Type);
                Assert.Contains(c.VolumeMounts ?? [], m => m.Name == tmp.Name && m.MountPath == "/tmp");
            });
        });
        Assert.All(Documents.OfType<V1ServiceAccount>(), a => Assert.False(a.AutomountServiceAccountToken ?? true, a.Metadata.Name));
    }

    [Fact]
    public void EveryContainerHasResourcesAndAVersionedImage()
    {
        var containers = KubernetesManifests.PodSpecs(Documents).SelectMany(p => p.Pod.Containers.Concat(p.Pod.InitContainers ?? [])).ToList();

        Assert.NotEmpty(containers);
        Assert.All(containers, c =>
        {
            Assert.True(c.Resources?.Requests?.ContainsKey("cpu"), $"{c.Name}: no CPU request");
            Assert.True(c.Resources!.Requests!.ContainsKey("memory"), $"{c.Name}: no memory request");
            Assert.True(c.Resources!.Limits?.ContainsKey("memory"), $"{c.Name}: no memory limit");
            var image = c.Image.Split('@')[0];
            var tag = image[(image.LastIndexOf('/') + 1)..].Split(':');
            Assert.True(tag.Length == 2 && tag[1].Length > 0, $"{c.Name}: image {c.Image} has no tag");
            Assert.NotEqual("latest", tag[1], StringComparer.OrdinalIgnoreCase);
            Assert.Matches(@"^v?\d+\.\d+", tag[1]);
        });
    }

    [Fact]
    public void TheImagesRunAsTheUserTheManifestsName()
    {
        var dockerfiles = Directory.GetFiles(Path.Combine(K8sFolder, "..", "docker"), "*.Dockerfile");

        Assert.NotEmpty(dockerfiles);
        Assert.All(dockerfiles, f => Assert.Equal($"USER {AppUser}:{AppUser}", File.ReadAllLines(f).Last(l => l.StartsWith("USER ", StringComparison.Ordinal))));
    }

    [Fact]
    public void TheNetworkIsClosedByDefaultAndTheOrleansPortsOpenOnlyToTheCluster()
    {
        var policies = Documents.OfType<V1NetworkPolicy>().ToList();

        Assert.Contains(policies, p => p.Spec.PodSelector.MatchLabels is null or { Count: 0 } && p.Spec.PodSelector.MatchExpressions is null
            && p.Spec.Ingress is null && p.Spec.Egress is null && p.Spec.PolicyTypes.Order(StringComparer.Ordinal).SequenceEqual(["Egress", "Ingress"]));
        var silo = Assert.Single(policies, p => App(p.Spec.PodSelector) == "mailgrains-silo");
        var gateway = Assert.Single(policies, p => App(p.Spec.PodSelector) == "mailgrains-gateway");

        // Who may open which port of a silo: only silos reach 11111; silos and gateways reach 30000; no one else.
        var siloIngress = silo.Spec.Ingress.SelectMany(rule => rule.FromProperty.SelectMany(from => rule.Ports.Select(port => (From: App(from.PodSelector), Port: port.Port.Value))))
            .Order().ToList();
        Assert.All(silo.Spec.Ingress, rule => Assert.All(rule.FromProperty, from => Assert.True(from.IpBlock is null && from.NamespaceSelector is null)));
        Assert.Equal([("mailgrains-gateway", "30000"), ("mailgrains-silo", "11111"), ("mailgrains-silo", "30000")], siloIngress);

        // The gateway's HTTP port from the ingress controller's namespace only.
        var http = Assert.Single(gateway.Spec.Ingress);
        Assert.Equal(["8080"], http.Ports.Select(p => p.Port.Value));
        Assert.All(http.FromProperty, from => Assert.NotNull(from.NamespaceSelector));

        // Egress: DNS, storage, the silos and (silos only) the mail ports.
        Assert.Equal(["110", "11111", "143", "25", "30000", "443", "465", "53", "587", "993", "995"], EgressPorts(silo));
        Assert.Equal(["30000", "443", "53"], EgressPorts(gateway));
    }

    [Fact]
    public void TheGatewayIsExposedOverTlsOnly()
    {
        var ingress = Assert.Single(Documents.OfType<V1Ingress>());

        var tls = Assert.Single(ingress.Spec.Tls);
        Assert.False(string.IsNullOrEmpty(tls.SecretName));
        Assert.All(ingress.Spec.Rules, rule => Assert.Contains(rule.Host, tls.Hosts));
        Assert.All(ingress.Spec.Rules.SelectMany(r => r.Http.Paths), p => Assert.Equal("mailgrains-gateway", p.Backend.Service.Name));
    }

    [Fact]
    public void NoSecretHasAUsableDefault()
    {
        var values = Documents.OfType<V1Secret>().SelectMany(s => (s.StringData ?? new Dictionary<string, string>()).Values).ToList();

        Assert.NotEmpty(values);
        Assert.All(Documents.OfType<V1Secret>(), s => Assert.Null(s.Data));
        Assert.All(values, v => Assert.Equal("REPLACE_ME", v));
    }

    private static string? App(V1LabelSelector? selector) => selector?.MatchLabels?.TryGetValue("app", out var app) == true ? app : null;

    private static List<string> EgressPorts(V1NetworkPolicy policy)
        => policy.Spec.Egress.SelectMany(rule => rule.Ports).Select(p => p.Port.Value).Distinct().Order(StringComparer.Ordinal).ToList();

    private static string K8sFolder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MailGrains.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "deploy", "k8s");
        }
    }
}
