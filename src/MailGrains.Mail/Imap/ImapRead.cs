using MailGrains.Mail.Connections;

namespace MailGrains.Mail.Imap;

/// <summary>How much one read may take: messages and bytes per batch, and the size above which only a header is read.</summary>
public sealed record ReadLimits(int BatchSize, long MaxBatchBytes, long MaxMessageBytes);

/// <summary>
/// What to read from an IMAP mailbox: the synced <see cref="Folders"/> from their <see cref="Cursors"/> (by folder
/// name; none: from the start), which folder holds sent mail (<see cref="SentFolder"/> by name, else the server's
/// special-use \Sent), and whether the session may be kept open for the next poll. A folder read from the start takes
/// what <see cref="Starts"/> says (default: everything).
/// </summary>
public sealed record ImapReadRequest(
    MailEndpoint Endpoint,
    IReadOnlyList<string> Folders,
    string? SentFolder,
    IReadOnlyDictionary<string, FolderCursor> Cursors,
    ReadLimits Limits,
    bool KeepSession,
    FolderStarts? Starts = null);

/// <summary>What an IMAP read reports, in order.</summary>
public abstract record ImapRead;

/// <summary>A session was opened for the read: a kept one (<c>Reused</c>) or a new connection.</summary>
public sealed record ImapSessionOpened(bool Reused) : ImapRead;

/// <summary>New messages of <see cref="Folder"/>; <see cref="IsSentFolder"/> when it is the account's sent folder.</summary>
public sealed record ImapFolderBatch(string Folder, bool IsSentFolder, FetchedBatch Batch) : ImapRead;

/// <summary>Synced folders the server does not have (every other folder was read).</summary>
public sealed record ImapFoldersMissing(IReadOnlyList<string> Folders) : ImapRead;
