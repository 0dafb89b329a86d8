using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests.Hostile;

/// <summary>A silo and gateway with the production outbound default, except that the operator allows one internal network, 10.1.2.0/24.</summary>
public sealed class DefaultPolicyApiFixture()
    : ApiFixture(onRealPort: false, network: TestNetwork.ProductionDefault.With("MailGrains:Network:Allow:0", AllowedNetwork))
{
    public const string AllowedNetwork = "10.1.2.0/24";
}
