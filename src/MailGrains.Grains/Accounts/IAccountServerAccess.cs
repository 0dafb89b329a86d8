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

    /// <summary>
    /// An access token for a server that signs in with OAuth2, encrypted for this account (purpose
    /// <c>{accountKey}:oauth2-access</c>); null when neither server does. Refreshed by the account grain, one refresh at a
    /// time, so that a rotated refresh token is never used twice.
    /// </summary>
    [AlwaysInterleave]
    [SiloInternal]
    [Alias("GetAccessToken")]
    Task<OAuth2Access> GetAccessTokenAsync();
}

/// <summary>An encrypted access token, or why there is none (the sentence an admin sees).</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.OAuth2Access")]
internal sealed record OAuth2Access(
    [property: Id(0)] EncryptedSecret? Token,
    [property: Id(1)] string? Problem);

/// <summary>
/// An account's configuration and encrypted credentials, as <see cref="IAccountServerAccess"/> hands them out, with
/// its OAuth2 connection's address (the user name of a server that signs in with OAuth2 and names none). Id 0 held
/// the earlier, tab-shaped settings.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.ServerAccess")]
internal sealed record ServerAccess(
    [property: Id(2)] AccountConfiguration Configuration,
    [property: Id(1)] AccountCredentials Credentials,
    [property: Id(3)] string? OAuth2Address = null);
