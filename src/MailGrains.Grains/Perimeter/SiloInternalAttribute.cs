namespace MailGrains.Grains.Perimeter;

/// <summary>
/// Marks a grain interface method that only code running in a silo may call: it hands out something secret (encrypted
/// credentials, keys) that no client, the gateway included, has any use for. <see cref="SiloInternalCallFilter"/>
/// refuses a call to it that comes from a client connection.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class SiloInternalAttribute : Attribute;
