using MailGrains.Accounts;
using MailGrains.Grains.Secrets;
using MailGrains.Perimeter;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// What silo code that talks to an account's servers (the outbox, on-demand server checks) reads from the account
/// grain: its configuration and its credentials still encrypted. Internal to the silos: the gateway cannot name it, and
/// plaintext passwords never travel in a grain call; the caller unprotects them where it dials. A call from a client
/// connection is refused (<see cref="SiloInternalAttribute"/>).
/// </summary>
[Alias("MailGrains.IAccountServerAccess")]
internal interface IAccountServerAccess : IGrainWithStringKey
{
    /// <summary>Null when the account does not exist.</summary>
    [AlwaysInterleave]
    [SiloInternal]
    [Alias("GetServerAccess")]
    Task<ServerAccess?> GetServerAccessAsync();
}

/// <summary>
/// An account's configuration and encrypted credentials, as <see cref="IAccountServerAccess"/> hands them out. Id 0
/// held the earlier, tab-shaped settings.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.ServerAccess")]
internal sealed record ServerAccess(
    [property: Id(2)] AccountConfiguration Configuration,
    [property: Id(1)] AccountCredentials Credentials);
