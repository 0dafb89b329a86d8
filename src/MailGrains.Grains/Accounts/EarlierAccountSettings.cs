using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Users;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// An account's configuration as it was stored before <see cref="AccountConfiguration"/>: shaped like the six tabs of
/// the account screen, with the folder cursors among them (<see cref="EarlierAdvancedSettings.LastUids"/>). Kept only
/// so that state saved then can be read (<see cref="MailAccountState.Upgrade"/>); the aliases are the stored names and
/// must not change or be reused.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.AccountSettings")]
public sealed record EarlierAccountSettings(
    [property: Id(0)] EarlierGeneralSettings General,
    [property: Id(1)] EarlierDefaultSettings Defaults,
    [property: Id(2)] EarlierServerSettings Server,
    [property: Id(3)] EarlierImapSettings Imap,
    [property: Id(4)] Signature Signature,
    [property: Id(5)] EarlierAdvancedSettings Advanced)
{
    internal AccountConfiguration ToConfiguration() => new(
        new MailboxIdentity(General.Name, General.Email, General.ReplyTo, General.Note),
        new ActivityFiling(Defaults.OwnerUserId, Defaults.ActivityType, Defaults.OutgoingActivityType, Defaults.Tags, Defaults.Permissions),
        new MailReceiving(
            General.ReceiveEnabled,
            Server.Incoming.Protocol,
            new MailServer(Server.Incoming.Host, Advanced.IncomingPort, Server.Incoming.Security, Server.Incoming.UserName),
            Imap.Folders,
            Imap.SpamFolder,
            Advanced.PollIntervalSeconds,
            Server.DeleteFromServerAfterDays),
        new MailSending(
            new MailServer(Server.Outgoing.Host, Advanced.OutgoingPort, Server.Outgoing.Security, Server.Outgoing.UserName),
            Defaults.AllowedSenders,
            Imap.SentFolder,
            Signature));
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.GeneralSettings")]
public sealed record EarlierGeneralSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] string Email,
    [property: Id(2)] string? ReplyTo,
    [property: Id(3)] string Note,
    [property: Id(4)] bool ReceiveEnabled);

[GenerateSerializer, Immutable]
[Alias("MailGrains.DefaultSettings")]
public sealed record EarlierDefaultSettings(
    [property: Id(0)] string OwnerUserId,
    [property: Id(1)] string ActivityType,
    [property: Id(2)] ImmutableArray<string> Tags,
    [property: Id(3)] ImmutableArray<AccessGrant> Permissions,
    [property: Id(4)] ImmutableArray<string> AllowedSenders,
    [property: Id(5)] string? OutgoingActivityType = null);

[GenerateSerializer, Immutable]
[Alias("MailGrains.ServerSettings")]
public sealed record EarlierServerSettings(
    [property: Id(0)] EarlierIncomingServer Incoming,
    [property: Id(1)] EarlierOutgoingServer Outgoing,
    [property: Id(2)] int DeleteFromServerAfterDays);

[GenerateSerializer, Immutable]
[Alias("MailGrains.IncomingServer")]
public sealed record EarlierIncomingServer(
    [property: Id(0)] MailProtocol Protocol,
    [property: Id(1)] string? Host,
    [property: Id(2)] Security Security,
    [property: Id(3)] string? UserName);

[GenerateSerializer, Immutable]
[Alias("MailGrains.OutgoingServer")]
public sealed record EarlierOutgoingServer(
    [property: Id(0)] string? Host,
    [property: Id(1)] Security Security,
    [property: Id(2)] string? UserName);

[GenerateSerializer, Immutable]
[Alias("MailGrains.ImapSettings")]
public sealed record EarlierImapSettings(
    [property: Id(0)] ImmutableArray<string> Folders,
    [property: Id(1)] string? SpamFolder,
    [property: Id(2)] string? SentFolder);

[GenerateSerializer, Immutable]
[Alias("MailGrains.AdvancedSettings")]
public sealed record EarlierAdvancedSettings(
    [property: Id(0)] int IncomingPort,
    [property: Id(1)] int OutgoingPort,
    [property: Id(2)] int PollIntervalSeconds,
    [property: Id(3)] ImmutableDictionary<string, long> LastUids);
