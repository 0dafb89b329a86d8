using System.Collections.Immutable;
using MailGrains.Users;

namespace MailGrains.Accounts;

/// <summary>
/// What an admin configures for an account, except its passwords (credentials) and how far its mail has been read
/// (sync state): who the mailbox is, what its mail becomes, how mail is received and how it is sent.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.AccountConfiguration")]
public sealed record AccountConfiguration(
    [property: Id(0)] MailboxIdentity Identity,
    [property: Id(1)] ActivityFiling Filing,
    [property: Id(2)] MailReceiving Receiving,
    [property: Id(3)] MailSending Sending);

/// <summary>Who the mailbox is to the people it writes to.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.MailboxIdentity")]
public sealed record MailboxIdentity(
    [property: Id(0)] string Name,
    [property: Id(1)] string Email,
    [property: Id(2)] string? ReplyTo,
    [property: Id(3)] string Note);

/// <summary>What the account's mail becomes: activities of a type, owned by a user, tagged, shared with others.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.ActivityFiling")]
public sealed record ActivityFiling(
    [property: Id(0)] string OwnerUserId,
    [property: Id(1)] string ActivityType,
    [property: Id(2)] string? OutgoingActivityType,
    [property: Id(3)] ImmutableArray<string> Tags,
    [property: Id(4)] ImmutableArray<AccessGrant> Permissions)
{
    /// <summary>The type of outgoing activities: its own when set, else the incoming type.</summary>
    public string EffectiveOutgoingActivityType => OutgoingActivityType ?? ActivityType;
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.AccessGrant")]
public sealed record AccessGrant(
    [property: Id(0)] string UserId,
    [property: Id(1)] Access Access);

/// <summary>
/// How mail is received: from which server, which folders, how often, how long it stays there, and what of the mail
/// already there a first read imports (<see cref="ImportFrom"/>: null, as in state stored before it existed, is all),
/// and whether new mail is pushed by IMAP IDLE (<see cref="Push"/>: state stored before it existed reads as auto).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.MailReceiving")]
public sealed record MailReceiving(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] MailProtocol Protocol,
    [property: Id(2)] MailServer Server,
    [property: Id(3)] ImmutableArray<string> SyncedFolders,
    [property: Id(4)] string? SpamFolder,
    [property: Id(5)] int PollIntervalSeconds,
    [property: Id(6)] int DeleteFromServerAfterDays,
    [property: Id(7)] ImportFrom? ImportFrom = null,
    [property: Id(8)] PushMode Push = PushMode.Auto)
{
    /// <summary>What a first read imports: the setting, or everything when none was stored.</summary>
    public ImportFrom EffectiveImportFrom => ImportFrom ?? MailGrains.Accounts.ImportFrom.All;

    /// <summary>The port dialled: the configured one, or the protocol's standard port for the security.</summary>
    public int ResolvedPort => StandardPorts.Incoming(Protocol, Server.Security, Server.Port);
}

/// <summary>How mail is sent: through which server, by whom besides the owner, signed how, and copied to which folder.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.MailSending")]
public sealed record MailSending(
    [property: Id(0)] MailServer Server,
    [property: Id(1)] ImmutableArray<string> AllowedSenders,
    [property: Id(2)] string? SentFolder,
    [property: Id(3)] Signature Signature)
{
    /// <summary>The port dialled: the configured one, or the standard submission port for the security.</summary>
    public int ResolvedPort => StandardPorts.Outgoing(Server.Security, Server.Port);
}

/// <summary>
/// A mail server as the account reaches it; port 0 is the standard port, no host means none is set. With
/// <see cref="SignIn"/> OAuth2 the account's OAuth2 connection signs in, as <see cref="UserName"/> or, when that is
/// empty, as the connection's address.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.MailServer")]
public sealed record MailServer(
    [property: Id(0)] string? Host,
    [property: Id(1)] int Port,
    [property: Id(2)] Security Security,
    [property: Id(3)] string? UserName,
    [property: Id(4)] SignInMethod SignIn = SignInMethod.Password);
