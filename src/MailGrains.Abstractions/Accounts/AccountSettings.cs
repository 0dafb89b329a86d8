using System.Collections.Immutable;
using MailGrains.Users;

namespace MailGrains.Accounts;

/// <summary>An account's whole configuration except its passwords: the six tabs of the account screen.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.AccountSettings")]
public sealed record AccountSettings(
    [property: Id(0)] GeneralSettings General,
    [property: Id(1)] DefaultSettings Defaults,
    [property: Id(2)] ServerSettings Server,
    [property: Id(3)] ImapSettings Imap,
    [property: Id(4)] Signature Signature,
    [property: Id(5)] AdvancedSettings Advanced);

[GenerateSerializer, Immutable]
[Alias("MailGrains.GeneralSettings")]
public sealed record GeneralSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] string Email,
    [property: Id(2)] string? ReplyTo,
    [property: Id(3)] string Note,
    [property: Id(4)] bool ReceiveEnabled);

[GenerateSerializer, Immutable]
[Alias("MailGrains.DefaultSettings")]
public sealed record DefaultSettings(
    [property: Id(0)] string OwnerUserId,
    [property: Id(1)] string ActivityType,
    [property: Id(2)] ImmutableArray<string> Tags,
    [property: Id(3)] ImmutableArray<AccessGrant> Permissions,
    [property: Id(4)] ImmutableArray<string> AllowedSenders,
    [property: Id(5)] string? OutgoingActivityType = null)
{
    /// <summary>The type of outgoing activities: its own when set, else the incoming type.</summary>
    public string EffectiveOutgoingActivityType => OutgoingActivityType ?? ActivityType;
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.AccessGrant")]
public sealed record AccessGrant(
    [property: Id(0)] string UserId,
    [property: Id(1)] Access Access);

[GenerateSerializer, Immutable]
[Alias("MailGrains.ServerSettings")]
public sealed record ServerSettings(
    [property: Id(0)] IncomingServer Incoming,
    [property: Id(1)] OutgoingServer Outgoing,
    [property: Id(2)] int DeleteFromServerAfterDays);

[GenerateSerializer, Immutable]
[Alias("MailGrains.IncomingServer")]
public sealed record IncomingServer(
    [property: Id(0)] MailProtocol Protocol,
    [property: Id(1)] string? Host,
    [property: Id(2)] Security Security,
    [property: Id(3)] string? UserName);

[GenerateSerializer, Immutable]
[Alias("MailGrains.OutgoingServer")]
public sealed record OutgoingServer(
    [property: Id(0)] string? Host,
    [property: Id(1)] Security Security,
    [property: Id(2)] string? UserName);

[GenerateSerializer, Immutable]
[Alias("MailGrains.ImapSettings")]
public sealed record ImapSettings(
    [property: Id(0)] ImmutableArray<string> Folders,
    [property: Id(1)] string? SpamFolder,
    [property: Id(2)] string? SentFolder);

[GenerateSerializer, Immutable]
[Alias("MailGrains.AdvancedSettings")]
public sealed record AdvancedSettings(
    [property: Id(0)] int IncomingPort,
    [property: Id(1)] int OutgoingPort,
    [property: Id(2)] int PollIntervalSeconds,
    [property: Id(3)] ImmutableDictionary<string, long> LastUids);
