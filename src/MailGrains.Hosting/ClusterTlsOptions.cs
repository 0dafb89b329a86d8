using System.ComponentModel.DataAnnotations;

namespace MailGrains.Hosting;

/// <summary>
/// TLS with mutual authentication between silos and between the gateway and the silos: only holders of a certificate
/// issued by one of <see cref="CaFiles"/> join the cluster or call its grains.
/// </summary>
public sealed class ClusterTlsOptions : IValidatableObject
{
    public const string SectionName = "MailGrains:Cluster:Tls";

    /// <summary>On unless switched off explicitly, which is for local development only: without it the cluster is unauthenticated.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>This process's certificate (PEM); it needs the server and client authentication usages.</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>The certificate's private key (PEM, unencrypted).</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>PEM files of the CAs whose certificates are accepted; two during a CA rotation.</summary>
    public List<string> CaFiles { get; set; } = [];

    /// <summary>
    /// How often, at most, the files are read again when a connection is made (seconds): a renewed certificate or a
    /// changed CA list applies without a restart.
    /// </summary>
    [Range(1, 86_400, ErrorMessage = SectionName + ":ReloadCheckSeconds must be 1-86400.")]
    public int ReloadCheckSeconds { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(CertificateFile) || string.IsNullOrWhiteSpace(KeyFile))
        {
            yield return new ValidationResult(
                $"{SectionName}:CertificateFile and {SectionName}:KeyFile must name this process's cluster certificate and key (PEM files); "
                + $"only {SectionName}:Enabled=false (local development) runs the cluster without TLS.",
                [nameof(CertificateFile), nameof(KeyFile)]);
        }

        if (CaFiles.Count == 0 || CaFiles.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult($"{SectionName}:CaFiles must name at least one PEM file of the cluster's CA.", [nameof(CaFiles)]);
        }

        foreach (var (file, setting) in Files())
        {
            if (!File.Exists(file))
            {
                yield return new ValidationResult($"{SectionName}:{setting} names a file that does not exist: {file}", [setting]);
            }
        }
    }

    private IEnumerable<(string File, string Setting)> Files()
    {
        if (!string.IsNullOrWhiteSpace(CertificateFile))
        {
            yield return (CertificateFile, nameof(CertificateFile));
        }

        if (!string.IsNullOrWhiteSpace(KeyFile))
        {
            yield return (KeyFile, nameof(KeyFile));
        }

        for (var i = 0; i < CaFiles.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(CaFiles[i]))
            {
                yield return (CaFiles[i], $"{nameof(CaFiles)}:{i}");
            }
        }
    }
}
