namespace MailGrains.Accounts;

/// <summary>
/// Limits that the gateway checks on input and the grains check after applying defaults. They bound the shape of
/// one account (and so the size of its state and of each activity, which copies the permissions); they are not
/// settings, because the state-size bound is proved for these values.
/// </summary>
public static class AccountLimits
{
    /// <summary>Tags of an account, the owner's tag included.</summary>
    public const int MaxTags = 100;

    /// <summary>Entries of <c>defaults.permissions</c>.</summary>
    public const int MaxPermissions = 100;

    /// <summary>Entries of <c>defaults.allowedSenders</c>.</summary>
    public const int MaxAllowedSenders = 100;

    /// <summary>Folders an IMAP account syncs (<c>imap.folders</c>); <c>advanced.lastUids</c> keeps a cursor for these only.</summary>
    public const int MaxFolders = 50;
}
