using MailGrains.Accounts;
using MailGrains.Mail.Imap;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// How an account's <see cref="ImportFrom"/> reads an IMAP folder without a usable cursor. At the first read: everything,
/// nothing that is there already ("now"), or what arrived on or after the day. After a UIDVALIDITY change, when the
/// folder must be read again from the start: a day reads from that day again; "now" reads from the day the account
/// began importing (<see cref="Accounts.SyncState.ImportingSince"/>), so that the mail it skipped stays skipped and no mail that
/// arrived since its last read is lost (re-reading what was stored is a no-op).
/// </summary>
internal static class ImportStarts
{
    public static FolderStarts For(ImportFrom importFrom, DateOnly? importingSince) => importFrom.Kind switch
    {
        ImportFromKind.Now => new FolderStarts(
            FolderStart.NothingExisting,
            importingSince is { } day ? FolderStart.SinceDay(day) : FolderStart.NothingExisting),
        ImportFromKind.Date when importFrom.Since is { } day => new FolderStarts(FolderStart.SinceDay(day), FolderStart.SinceDay(day)),
        _ => FolderStarts.Everything,
    };
}
