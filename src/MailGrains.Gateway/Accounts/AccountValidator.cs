using System.Text.RegularExpressions;
using MailGrains.Accounts;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Users;

namespace MailGrains.Gateway.Accounts;

/// <summary>
/// Every field rule of the account document that needs no stored data. References to users and the
/// completeness needed for receiving are checked by the grains.
/// </summary>
internal static partial class AccountValidator
{
    public const int MaxNoteLength = 4_000;
    public const int MaxNameLength = 200;
    public const int MaxTags = AccountLimits.MaxTags;
    public const int MaxTagLength = 100;
    public const int MaxFolderLength = 255;
    public const int MaxCredentialLength = 1_024;
    public const int MaxRetentionDays = 3_650;
    public const int MinPollIntervalSeconds = 60;
    public const int MaxPollIntervalSeconds = 86_400;

    /// <summary>The highest cursor a folder may be set to: the next UID after it must still be a UID.</summary>
    public const long MaxLastUid = uint.MaxValue - 1L;

    public static ValidationErrors Validate(AccountDocument d, ValidationErrors errors)
    {
        General(d.General, errors);
        Defaults(d.Defaults, errors);
        Server(d.Server, errors);
        var protocol = d.Server?.Incoming?.Protocol ?? MailProtocol.Imap;
        Imap(d.Imap, protocol, errors);
        UserValidator.ValidateSignature(d.Signature, "signature", errors);
        Advanced(d.Advanced, errors);
        AccountListLimits.Validate(d, errors);
        return errors;
    }

    private static void General(GeneralTab? g, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(g?.Email) || !FieldRules.IsEmailAddress(g.Email.Trim()))
        {
            errors.Add("general.email", "Required: the account's e-mail address, such as sales@example.com.");
        }

        if (!string.IsNullOrWhiteSpace(g?.ReplyTo) && !FieldRules.IsEmailAddress(g.ReplyTo.Trim()))
        {
            errors.Add("general.replyTo", "Must be an e-mail address, such as replies@example.com, or null.");
        }

        if (g?.Name is { Length: > MaxNameLength })
        {
            errors.Add("general.name", $"At most {MaxNameLength} characters.");
        }

        if (g?.Note is { Length: > MaxNoteLength })
        {
            errors.Add("general.note", $"At most {MaxNoteLength} characters.");
        }

        errors.RequireSingleLine("general.name", g?.Name).RequireSingleLine("general.email", g?.Email).RequireSingleLine("general.replyTo", g?.ReplyTo);
        if (TextRules.HasForbiddenCharacterInText(g?.Note))
        {
            errors.Add("general.note", "Line breaks and tabs are fine; other control characters, line separators and bidirectional overrides are not.");
        }
    }

    private static void Defaults(DefaultsTab? d, ValidationErrors errors)
    {
        if (!Ids.IsValid(d?.OwnerUserId))
        {
            errors.Add("defaults.ownerUserId", $"Required: the id of the user whose inbox gets the activities ({Ids.Rule}).");
        }

        if (d?.ActivityType is { } type && !ActivityType().IsMatch(type))
        {
            errors.Add("defaults.activityType", "1-32 letters, digits, '_' or '-', e.g. E.");
        }

        if (d?.OutgoingActivityType is { } outgoingType && !ActivityType().IsMatch(outgoingType))
        {
            errors.Add("defaults.outgoingActivityType", "1-32 letters, digits, '_' or '-', e.g. EA; leave it out to use the activity type.");
        }

        var tags = d?.Tags ?? [];
        if (tags.Count > MaxTags)
        {
            errors.Add("defaults.tags", $"At most {MaxTags} tags.");
        }

        for (var i = 0; i < tags.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(tags[i]) || tags[i].Length > MaxTagLength)
            {
                errors.Add($"defaults.tags[{i}]", $"A tag is 1-{MaxTagLength} characters.");
            }

            errors.RequireSingleLine($"defaults.tags[{i}]", tags[i]);
        }

        var permissions = d?.Permissions ?? [];
        for (var i = 0; i < permissions.Count; i++)
        {
            if (permissions[i] is null || !Ids.IsValid(permissions[i].UserId))
            {
                errors.Add($"defaults.permissions[{i}].userId", $"Required: a user id ({Ids.Rule}).");
            }

            if (permissions[i]?.Access is null)
            {
                errors.Add($"defaults.permissions[{i}].access", "Required: read or write.");
            }
        }

        var senders = d?.AllowedSenders ?? [];
        for (var i = 0; i < senders.Count; i++)
        {
            if (!Ids.IsValid(senders[i]))
            {
                errors.Add($"defaults.allowedSenders[{i}]", $"Must be a user id ({Ids.Rule}).");
            }
        }
    }

    private static void Server(ServerTab? s, ValidationErrors errors)
    {
        Endpoint(s?.Incoming?.Host, s?.Incoming?.UserName, s?.Incoming?.Password, "server.incoming", errors);
        Endpoint(s?.Outgoing?.Host, s?.Outgoing?.UserName, s?.Outgoing?.Password, "server.outgoing", errors);
        if (s?.DeleteFromServerAfterDays is < 0 or > MaxRetentionDays)
        {
            errors.Add("server.deleteFromServerAfterDays", $"0 (never) to {MaxRetentionDays} days.");
        }
    }

    private static void Endpoint(string? host, string? userName, string? password, string field, ValidationErrors errors)
    {
        if (!string.IsNullOrWhiteSpace(host) && !FieldRules.IsHostName(host.Trim()))
        {
            errors.Add($"{field}.host", "Must be a host name (mail.example.com) or an IP address.");
        }

        errors.RequireSingleLine($"{field}.host", host).RequireSingleLine($"{field}.userName", userName).RequireSingleLine($"{field}.password", password);
        if (userName is { Length: > MaxCredentialLength })
        {
            errors.Add($"{field}.userName", $"At most {MaxCredentialLength} characters.");
        }

        if (password is { Length: 0 or > MaxCredentialLength })
        {
            errors.Add($"{field}.password", $"1-{MaxCredentialLength} characters; send null to remove the password, or leave the field out to keep it.");
        }
    }

    private static void Imap(ImapTab? imap, MailProtocol protocol, ValidationErrors errors)
    {
        if (protocol == MailProtocol.Pop3)
        {
            if (imap?.SpamFolder is not null)
            {
                errors.Add("imap.spamFolder", "Only for IMAP accounts: POP3 has no folders.");
            }

            if (imap?.SentFolder is not null)
            {
                errors.Add("imap.sentFolder", "Only for IMAP accounts: POP3 has no folders.");
            }

            return;
        }

        if (imap?.Folders is { Count: 0 })
        {
            errors.Add("imap.folders", "An IMAP account syncs at least one folder (e.g. INBOX).");
        }

        var folders = imap?.Folders ?? [];
        for (var i = 0; i < folders.Count; i++)
        {
            if (!IsFolder(folders[i]))
            {
                errors.Add($"imap.folders[{i}]", $"A folder name is 1-{MaxFolderLength} characters.");
            }

            errors.RequireSingleLine($"imap.folders[{i}]", folders[i]);
        }

        if (folders.Distinct(StringComparer.Ordinal).Count() != folders.Count)
        {
            errors.Add("imap.folders", "Each folder may be listed once.");
        }

        errors.RequireSingleLine("imap.spamFolder", imap?.SpamFolder).RequireSingleLine("imap.sentFolder", imap?.SentFolder);
        if (imap?.SpamFolder is { } spam && !IsFolder(spam))
        {
            errors.Add("imap.spamFolder", $"A folder name is 1-{MaxFolderLength} characters, or null for the server's Junk folder.");
        }

        if (imap?.SentFolder is { } sent && !IsFolder(sent))
        {
            errors.Add("imap.sentFolder", $"A folder name is 1-{MaxFolderLength} characters, or null for the server's Sent folder.");
        }
    }

    private static void Advanced(AdvancedTab? a, ValidationErrors errors)
    {
        if (a?.IncomingPort is < 0 or > 65535)
        {
            errors.Add("advanced.incomingPort", "0 (standard port) to 65535.");
        }

        if (a?.OutgoingPort is < 0 or > 65535)
        {
            errors.Add("advanced.outgoingPort", "0 (standard port) to 65535.");
        }

        if (a?.PollIntervalSeconds is < MinPollIntervalSeconds or > MaxPollIntervalSeconds)
        {
            errors.Add("advanced.pollIntervalSeconds", $"{MinPollIntervalSeconds} to {MaxPollIntervalSeconds} seconds.");
        }

        foreach (var (folder, uid) in a?.LastUids ?? [])
        {
            if (!IsFolder(folder) || TextRules.HasForbiddenCharacter(folder) || uid is < 0 or > MaxLastUid)
            {
                errors.Add($"advanced.lastUids.{Printable(folder)}", $"A folder name (1-{MaxFolderLength} characters, no control characters) and a UID from 0 to {MaxLastUid}.");
            }
        }
    }

    /// <summary>A field name that quotes a folder without its control characters (an error message never carries them).</summary>
    private static string Printable(string folder)
        => TextRules.HasForbiddenCharacter(folder) ? string.Concat(folder.Select(c => TextRules.HasForbiddenCharacter(c.ToString()) ? '?' : c)) : folder;

    private static bool IsFolder(string? name) => !string.IsNullOrWhiteSpace(name) && name.Length <= MaxFolderLength;

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,32}\z")]
    private static partial Regex ActivityType();
}
