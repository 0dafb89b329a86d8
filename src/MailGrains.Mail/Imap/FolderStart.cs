namespace MailGrains.Mail.Imap;

/// <summary>
/// Which of the mail a folder already holds is read when the folder is read from the start: everything, nothing
/// (<see cref="SkipExisting"/>: the cursor goes to the folder's end without a message downloaded), or the messages whose
/// internal date is on or after <see cref="Since"/> (IMAP <c>SEARCH SINCE</c>, by day). Either way the cursor ends past
/// every message the folder held, so nothing skipped is read later.
/// </summary>
public sealed record FolderStart(bool SkipExisting, DateOnly? Since)
{
    public static readonly FolderStart Everything = new(false, null);

    public static readonly FolderStart NothingExisting = new(true, null);

    public static FolderStart SinceDay(DateOnly day) => new(false, day);

    internal bool TakesEverything => !SkipExisting && Since is null;
}

/// <summary>
/// How a folder without a usable cursor is read: <see cref="FirstRead"/> when it has none yet (or one set before its first
/// read, UIDVALIDITY 0), <see cref="AfterReset"/> when the server changed its UIDVALIDITY.
/// </summary>
public sealed record FolderStarts(FolderStart FirstRead, FolderStart AfterReset)
{
    public static readonly FolderStarts Everything = new(FolderStart.Everything, FolderStart.Everything);

    internal FolderStart For(FolderCursor? cursor) => cursor is { UidValidity: not 0 } ? AfterReset : FirstRead;
}
