using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MailGrains.Accounts;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.OAuth2;
using MailGrains.Gateway.Users;
using static MailGrains.Gateway.Accounts.AccountDocument;

namespace MailGrains.Gateway.Accounts;

/// <summary>
/// A mail account as the API shows and takes it: the six tabs of the account screen. Read-only fields
/// (<c>id</c>, <c>version</c>, <c>updatedAt</c>, <c>hasPassword</c>, resolved ports) are ignored on input;
/// passwords are write-only.
/// </summary>
/// <remarks>Attributes hold each field's own rule; <see cref="Validate"/> those across fields and lists.</remarks>
public sealed partial class AccountDocument
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
    [MaxLength(MaxNameLength, ErrorMessage = "At most 200 characters."), SingleLine]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Required: the account's e-mail address, such as sales@example.com.")]
    [MailAddress(ErrorMessage = "Required: the account's e-mail address, such as sales@example.com."), SingleLine]
    public string? Email { get; set; }

    /// <summary>Where answers go.</summary>
    [MailAddress(ErrorMessage = "Must be an e-mail address, such as replies@example.com, or null."), SingleLine]
    public string? ReplyTo { get; set; }

    /// <summary>Free text, never used for sending or receiving.</summary>
    [MaxLength(MaxNoteLength, ErrorMessage = "At most 4000 characters.")]
    [SingleLine(AllowLineBreaks = true, ErrorMessage = NoteMessage)]
    public string? Note { get; set; }

    /// <summary>Off until the incoming server, user name and password are set; an account that is off is never fetched.</summary>
    public bool? ReceiveEnabled { get; set; }
}

public sealed class DefaultsTab
{
    [MailGrainsId(ErrorMessage = $"Required: the id of the user whose inbox gets the activities ({Ids.Rule}).")]
    public string? OwnerUserId { get; set; }

    [RegularExpression(ActivityTypePattern, ErrorMessage = "1-32 letters, digits, '_' or '-', e.g. E.")]
    public string? ActivityType { get; set; }

    /// <summary>Type of outgoing activities (sent through or fetched from the sent folder); defaults to <see cref="ActivityType"/>.</summary>
    [RegularExpression(ActivityTypePattern, ErrorMessage = OutgoingActivityTypeMessage)]
    public string? OutgoingActivityType { get; set; }

    /// <summary>Always contains the owner's tag (added when absent).</summary>
    [MaxLength(AccountLimits.MaxTags, ErrorMessage = "At most 100 tags.")]
    public List<string>? Tags { get; set; }

    [MaxLength(AccountLimits.MaxPermissions, ErrorMessage = "At most 100 permissions; grant access to fewer users.")]
    public List<PermissionDocument>? Permissions { get; set; }

    [MaxLength(AccountLimits.MaxAllowedSenders, ErrorMessage = "At most 100 allowed senders.")]
    public List<string>? AllowedSenders { get; set; }
}

public sealed class PermissionDocument
{
    [MailGrainsId(ErrorMessage = $"Required: a user id ({Ids.Rule}).")]
    public string? UserId { get; set; }

    [Required(ErrorMessage = "Required: read or write.")]
    public Access? Access { get; set; }
}

public sealed class ServerTab
{
    public IncomingServerDocument? Incoming { get; set; }

    public OutgoingServerDocument? Outgoing { get; set; }

    /// <summary>Delete from the server's inbox, spam and sent folder after N days; 0 = never.</summary>
    [Range(0, MaxRetentionDays, ErrorMessage = "0 (never) to 3650 days.")]
    public int? DeleteFromServerAfterDays { get; set; }

    /// <summary>
    /// Read-only: the account's OAuth2 connection (never a token), null when it has none. Made by the consent flow
    /// (<c>POST …/oauth2/authorize</c>) or <c>PUT …/oauth2</c>; used by a server whose <c>signIn</c> is oauth2.
    /// </summary>
    [JsonPropertyName("oauth2")]
    public OAuth2ConnectionDocument? OAuth2 { get; set; }
}

public sealed class IncomingServerDocument
{
    public MailProtocol? Protocol { get; set; }

    [HostName, SingleLine]
    public string? Host { get; set; }

    public Security? Security { get; set; }

    [MaxLength(MaxCredentialLength, ErrorMessage = "At most 1024 characters."), SingleLine]
    public string? UserName { get; set; }

    /// <summary>Write-only: omitted keeps the stored password, null removes it.</summary>
    /// <remarks>Checked by <see cref="AccountDocument.Validate"/>: the framework skips ignored members.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; set { field = value; PasswordSent = true; } }

    public bool? HasPassword { get; set; }

    /// <summary>
    /// "password" (the default: user name and password) or "oauth2" (an access token of the account's OAuth2
    /// connection, <c>server.oauth2</c>, signs in as the user name or, when that is empty, as the connection's address).
    /// </summary>
    public SignInMethod? SignIn { get; set; }

    /// <summary>Whether the request named the password at all (then null removes it).</summary>
    internal bool PasswordSent { get; private set; }
}

public sealed class OutgoingServerDocument
{
    [HostName, SingleLine]
    public string? Host { get; set; }

    public Security? Security { get; set; }

    /// <summary>Without a user name the service sends without authenticating.</summary>
    [MaxLength(MaxCredentialLength, ErrorMessage = "At most 1024 characters."), SingleLine]
    public string? UserName { get; set; }

    /// <summary>Write-only: omitted keeps the stored password, null removes it.</summary>
    /// <remarks>Checked by <see cref="AccountDocument.Validate"/>: the framework skips ignored members.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; set { field = value; PasswordSent = true; } }

    public bool? HasPassword { get; set; }

    /// <summary>
    /// "password" (the default: user name and password) or "oauth2" (an access token of the account's OAuth2
    /// connection, <c>server.oauth2</c>, signs in as the user name or, when that is empty, as the connection's address).
    /// </summary>
    public SignInMethod? SignIn { get; set; }

    /// <summary>Whether the request named the password at all (then null removes it).</summary>
    internal bool PasswordSent { get; private set; }
}

public sealed class ImapTab
{
    [MaxLength(AccountLimits.MaxFolders, ErrorMessage = "At most 50 folders.")]
    public List<string>? Folders { get; set; }

    public string? SpamFolder { get; set; }

    public string? SentFolder { get; set; }

    /// <summary>
    /// What a folder read for the first time imports of the mail already there: "all" (default), "now" (none: only mail
    /// that arrives later) or a day YYYY-MM-DD (mail whose internal date is on or after it, UTC). Later changes only
    /// affect folders not read yet. POP3 accounts: "all" or "now" (the mail on the server then stays there).
    /// </summary>
    public string? ImportFrom { get; set; }

    /// <summary>
    /// IMAP push: "auto" (default) keeps an IDLE session on the first synced folder when the server offers IDLE, so new
    /// mail is fetched as it arrives (the account still polls at its interval); "off" only polls. POP3 accounts poll.
    /// </summary>
    public PushMode? Push { get; set; }
}

public sealed class AdvancedTab
{
    /// <summary>0 = the standard port for protocol and security.</summary>
    [Range(0, 65535, ErrorMessage = "0 (standard port) to 65535.")]
    public int? IncomingPort { get; set; }

    /// <summary>0 = the standard port for the security.</summary>
    [Range(0, 65535, ErrorMessage = "0 (standard port) to 65535.")]
    public int? OutgoingPort { get; set; }

    [Range(MinPollIntervalSeconds, MaxPollIntervalSeconds, ErrorMessage = "60 to 86400 seconds.")]
    public int? PollIntervalSeconds { get; set; }

    /// <summary>Last fetched IMAP UID per folder; set lower to fetch again from there.</summary>
    public Dictionary<string, long>? LastUids { get; set; }

    /// <summary>Read-only: the port actually used.</summary>
    public int? ResolvedIncomingPort { get; set; }

    /// <summary>Read-only: the port actually used.</summary>
    public int? ResolvedOutgoingPort { get; set; }
}
