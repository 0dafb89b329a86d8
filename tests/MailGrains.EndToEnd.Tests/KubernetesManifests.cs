using k8s;
using k8s.Models;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// The manifests in deploy/k8s, loaded with the official Kubernetes client's typed models. Loading is strict: a field
/// the API does not have (a misspelling such as <c>securityContex</c>) fails, as it would when the API server
/// validates the object, instead of being silently dropped.
/// </summary>
public static class KubernetesManifests
{
    /// <summary>Every document of every YAML file in <paramref name="folder"/>, with the file it came from.</summary>
    public static IReadOnlyList<(string File, object Document)> LoadFolder(string folder)
        => Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(file => Load(File.ReadAllText(file)).Select(document => (Path.GetFileName(file), document)))
            .ToList();

    /// <summary>The documents of one YAML text, each as its typed model; throws on an unknown kind or field.</summary>
    public static IReadOnlyList<object> Load(string yaml) => KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);

    /// <summary>The pod templates of the workloads among <paramref name="documents"/>.</summary>
    public static IEnumerable<(string Name, V1PodSpec Pod)> PodSpecs(IEnumerable<object> documents)
    {
        foreach (var document in documents)
        {
            V1PodSpec? pod = document switch
            {
                V1Deployment deployment => deployment.Spec.Template.Spec,
                V1StatefulSet set => set.Spec.Template.Spec,
                V1DaemonSet set => set.Spec.Template.Spec,
                V1Job job => job.Spec.Template.Spec,
                V1Pod single => single.Spec,
                _ => null,
            };
            if (pod is not null)
            {
                yield return (((IMetadata<V1ObjectMeta>)document).Metadata.Name, pod);
            }
        }
    }
}
