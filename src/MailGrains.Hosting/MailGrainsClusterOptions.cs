using System.ComponentModel.DataAnnotations;
using System.Net;

namespace MailGrains.Hosting;

/// <summary>Which cluster a silo or client belongs to, and where a silo listens.</summary>
public sealed class MailGrainsClusterOptions : IValidatableObject
{
    public const string SectionName = "MailGrains:Cluster";

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9-]{1,64}$", ErrorMessage = "ClusterId must be 1-64 letters, digits or hyphens.")]
    public string ClusterId { get; set; } = "mailgrains-local";

    /// <summary>Stays the same across deployments: grain state and reminders are keyed by it.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9-]{1,64}$", ErrorMessage = "ServiceId must be 1-64 letters, digits or hyphens.")]
    public string ServiceId { get; set; } = "mailgrains";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port that clients (the gateway) connect to.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos and clients reach this silo at; loopback for a local run, the pod IP in Kubernetes.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// The silo's name in the cluster's listings (<c>GET /v1/cluster</c>, the dashboard, logs): the pod's name in
    /// Kubernetes. Empty: Orleans picks one.
    /// </summary>
    [StringLength(128)]
    public string SiloName { get; set; } = "";

    /// <summary>Listen on every interface (containers) instead of only the advertised address.</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>
    /// How often silos probe each other, in seconds. A silo that misses <see cref="MissedProbesLimit"/> probes in a
    /// row is suspected, and declared dead once enough silos vote: about <c>ProbeTimeoutSeconds × MissedProbesLimit</c>
    /// after a crash. Lower finds dead silos sooner; too low declares a busy silo dead.
    /// </summary>
    [Range(1, 60)]
    public int ProbeTimeoutSeconds { get; set; } = 3;

    /// <summary>Missed probes in a row before a silo votes another dead.</summary>
    [Range(1, 10)]
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>Failure detection from these settings (Orleans' defaults take about 15 s to notice a crashed silo).</summary>
    public void ApplyTo(Orleans.Configuration.ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = TimeSpan.FromSeconds(ProbeTimeoutSeconds);
        membership.NumMissedProbesLimit = MissedProbesLimit;
        // Dead silos stay listed (GET /v1/cluster shows them) for a day instead of a week.
        membership.DefunctSiloExpiration = TimeSpan.FromDays(1);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult("AdvertisedAddress must be an IP address.", [nameof(AdvertisedAddress)]);
        }

        if (SiloPort == GatewayPort)
        {
            yield return new ValidationResult("SiloPort and GatewayPort must differ.", [nameof(SiloPort), nameof(GatewayPort)]);
        }
    }
}
