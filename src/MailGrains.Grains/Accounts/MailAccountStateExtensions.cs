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
