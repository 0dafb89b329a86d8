using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;

namespace MailGrains.Mail.Imap;

/// <summary>
/// Moves a message into an account's spam folder on its IMAP server, so that the provider's filter learns. Trouble
/// with the server (a login refused, a named folder missing, no answer in time) comes out as a <see cref="MailException"/>.
/// </summary>
public interface ISpamMover
{
    /// <summary>
    /// Moves the message last seen at <paramref name="location"/> into <paramref name="spamFolder"/> (null: the
    /// server's \Junk folder). When the location is stale (the folder was recreated, the UID is gone) the message is
    /// found by its exact <paramref name="messageId"/>.
    /// </summary>
    Task<SpamMoveOutcome> MoveAsync(MailEndpoint endpoint, string? spamFolder, MessageLocation location, string? messageId, CancellationToken cancellationToken = default);
}

/// <summary>Where a message was seen on an IMAP server: its folder, the folder's UIDVALIDITY then, and its UID.</summary>
public sealed record MessageLocation(string Folder, uint UidValidity, uint Uid);

/// <summary>How a spam move ended when the server answered.</summary>
public enum SpamMoveOutcome
{
    /// <summary>The message is now in the spam folder.</summary>
    Moved,

    /// <summary>The message was no longer in its folder but is in the spam folder already (moved before, by us or a mail client).</summary>
    AlreadyInSpam,

    /// <summary>No spam folder was named and the server marks none as \Junk (or has no SPECIAL-USE).</summary>
    NoSpamFolder,

    /// <summary>The message is neither where it was seen nor, by its Message-ID, in that folder or the spam folder.</summary>
    MessageGone,
}
