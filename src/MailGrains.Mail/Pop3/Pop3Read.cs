namespace MailGrains.Mail.Pop3;

/// <summary>What a POP3 read reports, in order: the listing, batches of new messages, and the deletions QUIT committed.</summary>
public abstract record Pop3Read;

/// <summary>The UIDLs on the server now: a remembered UIDL not among them is gone, and can be forgotten.</summary>
public sealed record Pop3Listed(IReadOnlySet<string> OnServer) : Pop3Read;

/// <summary>A message as the server holds it, by its UIDL; only its header when <see cref="HeaderOnly"/> (too large: it stays on the server).</summary>
public sealed record Pop3Message(string Uidl, byte[] Raw, bool HeaderOnly);

/// <summary>New messages (not among the stored UIDLs the read began with), in server order.</summary>
public sealed record Pop3Batch(IReadOnlyList<Pop3Message> Messages) : Pop3Read;

/// <summary>QUIT committed the deletion of these UIDLs: they are gone from the server.</summary>
public sealed record Pop3Deleted(IReadOnlyList<string> Uidls) : Pop3Read;

/// <summary>
/// Messages a POP3 read leaves on the server without returning them: those whose UIDL <see cref="Kept"/> names, and, when
/// <see cref="EverythingListed"/>, every message of the read's listing (a mailbox read for the first time by an account
/// that imports from now).
/// </summary>
public sealed record Pop3Leave(bool EverythingListed, Func<string, bool> Kept)
{
    public static readonly Pop3Leave Nothing = new(false, _ => false);
}
