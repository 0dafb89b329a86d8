namespace MailGrains.Perimeter;

/// <summary>
/// Marks a grain interface method that only code running in a silo may call: it hands out something secret (encrypted
/// credentials, keys) or changes bookkeeping that no client, the gateway included, has any business with. The silos'
/// incoming call filter (<c>SiloInternalCallFilter</c>) refuses a call to it that comes from a client connection.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class SiloInternalAttribute : Attribute;
