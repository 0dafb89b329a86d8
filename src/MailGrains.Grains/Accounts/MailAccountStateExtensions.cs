using System.Collections.Immutable;
using MailGrains.Accounts;

namespace MailGrains.Grains.Accounts;

/// <summary>How an account's stored state is shown, and how an admin's cursor settings change it.</summary>
internal static class MailAccountStateExtensions
{
    /// <summary>The account as the API shows it: settings with the cursors as <c>advanced.lastUids</c>, never a secret.</summary>
    public static AccountView? View(this MailAccountState account, string accountId) => account.Settings is null ? null : new AccountView(
        accountId,
        account.Settings with { Advanced = account.Settings.Advanced with { LastUids = account.Cursors.ToImmutableDictionary(c => c.Key, c => (long)c.Value.LastUid) } },
        account.IncomingPassword is not null,
        account.OutgoingPassword is not null,
        account.Version,
        account.UpdatedAt);

    /// <summary>
    /// Cursors follow the synced folders (<c>imap.folders</c>): a folder no longer synced loses its cursor (synced
    /// again, it is read from the start, without duplicates), and <c>advanced.lastUids</c> of a folder that is not
    /// synced is ignored. So the state holds at most <see cref="AccountLimits.MaxFolders"/> cursors.
    /// </summary>
    public static void MoveCursors(this MailAccountState account, AccountSettings settings)
    {
        var synced = settings.Imap.Folders.ToHashSet(StringComparer.Ordinal);
        foreach (var folder in account.Cursors.Keys.Where(f => !synced.Contains(f)).ToList())
        {
            account.Cursors.Remove(folder);
        }

        account.MoveCursors(settings.Advanced.LastUids.Where(c => synced.Contains(c.Key)).ToImmutableDictionary());
    }

    /// <summary>An admin who sets <c>advanced.lastUids</c> to another value moves that folder's cursor there.</summary>
    public static void MoveCursors(this MailAccountState account, ImmutableDictionary<string, long> lastUids)
    {
        foreach (var (folder, uid) in lastUids)
        {
            var current = account.Cursors.GetValueOrDefault(folder);
            if (current?.LastUid != uid)
            {
                account.Cursors[folder] = new FolderPosition(current?.UidValidity ?? 0, (uint)uid);
            }
        }
    }
}
