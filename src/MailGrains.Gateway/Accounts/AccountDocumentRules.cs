using System.ComponentModel.DataAnnotations;
using MailGrains.Accounts;
using MailGrains.Gateway.Api;

namespace MailGrains.Gateway.Accounts;

/// <summary>
/// The rules of the account document that span fields or list entries (the framework runs them once every
/// field passed its own). References to users and the completeness needed for receiving are checked by the
/// grains; the network policy by <see cref="OutboundAccountRules"/>.
/// </summary>
public sealed partial class AccountDocument : IValidatableObject
{
    public const int MaxNoteLength = 4_000;
    public const int MaxNameLength = 200;
    public const int MaxTagLength = 100;
    public const int MaxFolderLength = 255;
    public const int MaxCredentialLength = 1_024;
    public const int MaxRetentionDays = 3_650;
    public const int MinPollIntervalSeconds = 60;
    public const int MaxPollIntervalSeconds = 86_400;

    /// <summary>The highest cursor a folder may be set to: the next UID after it must still be a UID.</summary>
    public const long MaxLastUid = uint.MaxValue - 1L;

    internal const string ActivityTypePattern = "^[A-Za-z0-9_-]{1,32}$";
    internal const string NoteMessage =
        "Line breaks and tabs are fine; other control characters, line separators and bidirectional overrides are not.";

    internal const string OutgoingActivityTypeMessage =
        "1-32 letters, digits, '_' or '-', e.g. EA; leave it out to use the activity type.";

    internal const string FolderMessage = "A folder name is 1-255 characters on one line.";

    internal const string PasswordMessage =
        "1-1024 characters; send null to remove the password, or leave the field out to keep it.";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var tags = Defaults?.Tags ?? [];
        for (var i = 0; i < tags.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(tags[i]) || tags[i].Length > MaxTagLength ||
                TextRules.HasForbiddenCharacter(tags[i]))
            {
                yield return Error($"defaults.tags[{i}]", $"A tag is 1-{MaxTagLength} characters on one line.");
            }
        }

        var permissions = Defaults?.Permissions ?? [];
        for (var i = 0; i < permissions.Count; i++)
        {
            if (permissions[i] is null)
            {
                yield return Error($"defaults.permissions[{i}].userId", $"Required: a user id ({Ids.Rule}).");
            }
        }

        var senders = Defaults?.AllowedSenders ?? [];
        for (var i = 0; i < senders.Count; i++)
        {
            if (!Ids.IsValid(senders[i]))
            {
                yield return Error($"defaults.allowedSenders[{i}]", $"Must be a user id ({Ids.Rule}).");
            }
        }

        (string, string?)[] passwords = 
            [("incoming", Server?.Incoming?.Password), ("outgoing", Server?.Outgoing?.Password)];
        foreach (var (direction, password) in passwords)
        {
            if (password is { Length: 0 or > MaxCredentialLength } || TextRules.HasForbiddenCharacter(password))
            {
                yield return Error($"server.{direction}.password", PasswordMessage);
            }
        }

        var imap = (Server?.Incoming?.Protocol ?? MailProtocol.Imap) == MailProtocol.Imap ? ImapRules() : Pop3Rules();
        foreach (var error in imap.Concat(CursorRules()))
        {
            yield return error;
        }
    }

    private IEnumerable<ValidationResult> ImapRules()
    {
        var folders = Imap?.Folders ?? [];
        if (Imap?.Folders is { Count: 0 })
        {
            yield return Error("imap.folders", "An IMAP account syncs at least one folder (e.g. INBOX).");
        }

        for (var i = 0; i < folders.Count; i++)
        {
            if (!IsFolder(folders[i]))
            {
                yield return Error($"imap.folders[{i}]", FolderMessage);
            }
        }

        if (folders.Distinct(StringComparer.Ordinal).Count() != folders.Count)
        {
            yield return Error("imap.folders", "Each folder may be listed once.");
        }

        if (Imap?.SpamFolder is { } spam && !IsFolder(spam))
        {
            yield return Error("imap.spamFolder", $"{FolderMessage} Null for the server's Junk folder.");
        }

        if (Imap?.SentFolder is { } sent && !IsFolder(sent))
        {
            yield return Error("imap.sentFolder", $"{FolderMessage} Null for the server's Sent folder.");
        }

        if (!ImportFromText.TryParse(Imap?.ImportFrom, out _))
        {
            yield return Error("imap.importFrom", ImportFromText.Message);
        }
    }

    private IEnumerable<ValidationResult> Pop3Rules()
    {
        if (Imap?.SpamFolder is not null)
        {
            yield return Error("imap.spamFolder", "Only for IMAP accounts: POP3 has no folders.");
        }

        if (Imap?.SentFolder is not null)
        {
            yield return Error("imap.sentFolder", "Only for IMAP accounts: POP3 has no folders.");
        }

        if (!ImportFromText.TryParse(Imap?.ImportFrom, out var importFrom))
        {
            yield return Error("imap.importFrom", ImportFromText.Message);
        }
        else if (importFrom.Kind == ImportFromKind.Date)
        {
            yield return Error("imap.importFrom", ImportFromText.Pop3Message);
        }
    }

    private IEnumerable<ValidationResult> CursorRules()
    {
        if (Advanced?.LastUids is { Count: > AccountLimits.MaxFolders })
        {
            yield return Error("advanced.lastUids", "At most 50 entries, one per synced folder.");
        }

        foreach (var (folder, uid) in Advanced?.LastUids ?? [])
        {
            if (!IsFolder(folder) || uid is < 0 or > MaxLastUid)
            {
                var field = $"advanced.lastUids.{TextRules.Printable(folder)}";
                yield return Error(field, $"{FolderMessage} A UID 0 to {MaxLastUid}.");
            }
        }
    }

    private static bool IsFolder(string? name)
        => !string.IsNullOrWhiteSpace(name) && name.Length <= MaxFolderLength && !TextRules.HasForbiddenCharacter(name);

    private static ValidationResult Error(string field, string message) => new(message, [field]);
}
