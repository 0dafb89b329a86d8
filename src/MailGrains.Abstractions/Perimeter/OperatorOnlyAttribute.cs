namespace MailGrains.Perimeter;

/// <summary>
/// Marks a grain interface method that acts for the operator (creates or deletes tenants, mints or revokes their admin
/// keys). A call to it from a client connection must carry the operator key (<see cref="OperatorProof"/>), which the
/// silos check against the hash they are configured with (<c>MailGrains:OperatorKeySha256</c>); code in a silo may call
/// it freely. So a holder of the gateway's cluster certificate alone cannot mint keys.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class OperatorOnlyAttribute : Attribute;
