using System.Collections.Immutable;

namespace MailGrains.Accounts;

/// <summary>What an account is doing.</summary>
public enum FetchState
{
    Idle,
    Fetching,
    Error,
    Disabled,
}

/// <summary>Whether new mail reaches the account by IMAP IDLE now.</summary>
public enum PushState
{
    /// <summary>No push: the setting is off, the account uses POP3, or receiving is off.</summary>
    Off,

    /// <summary>An IDLE session watches the first synced folder: new mail is fetched as it arrives.</summary>
    Active,

    /// <summary>Push is wanted but the account polls for now: the silo's IDLE budget is used up, the session is (re)connecting, or it ended after errors.</summary>
    Polling,

    /// <summary>The server does not offer IDLE: the account polls.</summary>
    Unsupported,
}

/// <summary>An account's fetch status as an admin sees it.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.AccountStatus")]
public sealed record AccountStatus(
    [property: Id(0)] FetchState State,
    [property: Id(1)] DateTimeOffset? LastFetchAt,
    [property: Id(2)] DateTimeOffset? NextFetchAt,
    [property: Id(3)] string? LastError,
    [property: Id(4)] long Fetched,
    [property: Id(5)] ImmutableDictionary<string, FolderPosition> Folders,
    [property: Id(6)] int ConsecutiveFailures,
    [property: Id(7)] string? Silo = null,
    [property: Id(8)] PushState Push = PushState.Off,
    [property: Id(9)] string? ErrorCode = null);

/// <summary>How far a folder has been read: its UIDVALIDITY and the last UID stored.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.FolderPosition")]
public sealed record FolderPosition(
    [property: Id(0)] uint UidValidity,
    [property: Id(1)] uint LastUid);
