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

    /// <summary>Listen on every interface (containers) instead of only the advertised address.</summary>
    public bool ListenOnAnyAddress { get; set; }

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
