using MailGrains.Accounts;
using MailGrains.Gateway.Api;

namespace MailGrains.Gateway.Accounts;

/// <summary>How many entries the account document's lists may have (<see cref="AccountLimits"/>).</summary>
internal static class AccountListLimits
{
    public static void Validate(AccountDocument d, ValidationErrors errors)
    {
        if (d.Defaults?.Permissions is { Count: > AccountLimits.MaxPermissions })
        {
            errors.Add("defaults.permissions", $"At most {AccountLimits.MaxPermissions} permissions; grant access to fewer users.");
        }

        if (d.Defaults?.AllowedSenders is { Count: > AccountLimits.MaxAllowedSenders })
        {
            errors.Add("defaults.allowedSenders", $"At most {AccountLimits.MaxAllowedSenders} allowed senders.");
        }

        if (d.Imap?.Folders is { Count: > AccountLimits.MaxFolders })
        {
            errors.Add("imap.folders", $"At most {AccountLimits.MaxFolders} folders.");
        }

        if (d.Advanced?.LastUids is { Count: > AccountLimits.MaxFolders })
        {
            errors.Add("advanced.lastUids", $"At most {AccountLimits.MaxFolders} entries, one per synced folder.");
        }
    }
}
