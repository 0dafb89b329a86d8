using System.Text.Json.Serialization;
using MailGrains.Accounts;
using MailGrains.Gateway.Users;

namespace MailGrains.Gateway.Accounts;

/// <summary>
/// A mail account as the API shows and takes it: the six tabs of the account screen. Read-only fields
/// (<c>id</c>, <c>version</c>, <c>updatedAt</c>, <c>hasPassword</c>, resolved ports) are ignored on input;
/// passwords are write-only.
/// </summary>
public sealed class AccountDocument
{
    public string? Id { get; set; }

    public long? Version { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public GeneralTab? General { get; set; }

    public DefaultsTab? Defaults { get; set; }

    public ServerTab? Server { get; set; }

    public ImapTab? Imap { get; set; }

    public SignatureDocument? Signature { get; set; }

    public AdvancedTab? Advanced { get; set; }
}

public sealed class GeneralTab
{
    /// <summary>Display name shown to recipients; defaults to the owner's display name.</summary>
    public string? Name { get; set; }

    public string? Email { get; set; }

    /// <summary>Where answers go.</summary>
    public string? ReplyTo { get; set; }

    /// <summary>Free text, never used for sending or receiving.</summary>
    public string? Note { get; set; }

    /// <summary>Off until the incoming server, user name and password are set; an account that is off is never fetched.</summary>
    public bool? ReceiveEnabled { get; set; }
}

public sealed class DefaultsTab
{
    public string? OwnerUserId { get; set; }

    public string? ActivityType { get; set; }

    /// <summary>Type of outgoing activities (sent through or fetched from the sent folder); defaults to <see cref="ActivityType"/>.</summary>
    public string? OutgoingActivityType { get; set; }

    /// <summary>Always contains the owner's tag (added when absent).</summary>
    public List<string>? Tags { get; set; }

    public List<PermissionDocument>? Permissions { get; set; }

    public List<string>? AllowedSenders { get; set; }
}

public sealed class PermissionDocument
{
    public string? UserId { get; set; }

    public Access? Access { get; set; }
}

public sealed class ServerTab
{
    public IncomingServerDocument? Incoming { get; set; }

    public OutgoingServerDocument? Outgoing { get; set; }

    /// <summary>Delete from the server's inbox, spam and sent folder after N days; 0 = never.</summary>
    public int? DeleteFromServerAfterDays { get; set; }
}

public sealed class IncomingServerDocument
{
    public MailProtocol? Protocol { get; set; }

    public string? Host { get; set; }

    public Security? Security { get; set; }

    public string? UserName { get; set; }

    /// <summary>Write-only: omitted keeps the stored password, null removes it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; set; }

    public bool? HasPassword { get; set; }
}

public sealed class OutgoingServerDocument
{
    public string? Host { get; set; }

    public Security? Security { get; set; }

    /// <summary>Without a user name the service sends without authenticating.</summary>
    public string? UserName { get; set; }

    /// <summary>Write-only: omitted keeps the stored password, null removes it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; set; }

    public bool? HasPassword { get; set; }
}

public sealed class ImapTab
{
    public List<string>? Folders { get; set; }

    public string? SpamFolder { get; set; }

    public string? SentFolder { get; set; }
}

public sealed class AdvancedTab
{
    /// <summary>0 = the standard port for protocol and security.</summary>
    public int? IncomingPort { get; set; }

    /// <summary>0 = the standard port for the security.</summary>
    public int? OutgoingPort { get; set; }

    public int? PollIntervalSeconds { get; set; }

    /// <summary>Last fetched IMAP UID per folder; set lower to fetch again from there.</summary>
    public Dictionary<string, long>? LastUids { get; set; }

    /// <summary>Read-only: the port actually used.</summary>
    public int? ResolvedIncomingPort { get; set; }

    /// <summary>Read-only: the port actually used.</summary>
    public int? ResolvedOutgoingPort { get; set; }
}
