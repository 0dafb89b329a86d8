using System.ComponentModel.DataAnnotations;

namespace MailGrains.Mail.Network;

/// <summary>
/// The operator's outbound network policy: which addresses and ports the service may open a connection to on a
/// tenant's behalf (mail servers today; the same policy is meant for any later outbound HTTP). See
/// <see cref="NetworkPolicy"/> for how the lists are read.
/// </summary>
public sealed class NetworkPolicyOptions : IValidatableObject
{
    public const string SectionName = "MailGrains:Network";

    /// <summary>Networks (CIDR such as <c>10.1.2.0/24</c>, or one address) allowed even when the built-in list refuses them.</summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>Networks refused besides the built-in list.</summary>
    public List<string> Deny { get; set; } = [];

    /// <summary>When not empty, only these ports may be dialled.</summary>
    public List<int> AllowedPorts { get; set; } = [];

    /// <summary>Ports never dialled, on any address. The silo adds its own cluster ports and its dashboard's port.</summary>
    public List<int> DeniedPorts { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (list, name) in new[] { (Allow, nameof(Allow)), (Deny, nameof(Deny)) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (!NetworkRanges.TryParse(list[i], out _))
                {
                    yield return new ValidationResult(
                        $"{SectionName}:{name}:{i} ('{list[i]}') must be an address or a network in CIDR form with no host bits set, such as 10.1.2.0/24 or fd00::/8.",
                        [name]);
                }
            }
        }

        foreach (var (list, name) in new[] { (AllowedPorts, nameof(AllowedPorts)), (DeniedPorts, nameof(DeniedPorts)) })
        {
            foreach (var port in list.Where(p => p is < 1 or > 65535))
            {
                yield return new ValidationResult($"{SectionName}:{name} holds {port}; a port is 1 to 65535.", [name]);
            }
        }
    }
}
