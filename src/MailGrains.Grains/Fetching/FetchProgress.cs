using MailGrains.Accounts;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// What a fetch reports to its account grain, in order; the grain alone applies it to the account's sync state. After
/// a <see cref="IsDurable"/> item the grain saves before it asks for the next one: that is how nothing is deleted
/// before it is stored and no cursor runs ahead of the store.
/// </summary>
internal abstract record FetchProgress
{
    /// <summary>Whether the grain must save the state before the fetch goes on.</summary>
    public virtual bool IsDurable => false;
}

/// <summary>A folder's batch is stored (<see cref="Added"/> of its activities were new): the folder is read up to <see cref="Position"/>.</summary>
internal sealed record CursorAdvanced(string Folder, FolderPosition Position, int Added) : FetchProgress
{
    public override bool IsDurable => true;
}

/// <summary>A POP3 batch is stored: its UIDLs are remembered until the server confirms their deletion.</summary>
internal sealed record Pop3Stored(IReadOnlyList<string> Uidls, int Added) : FetchProgress
{
    public override bool IsDurable => true;
}

/// <summary>The UIDLs on the POP3 server now: remembered ones not among them are gone.</summary>
internal sealed record Pop3OnServer(IReadOnlySet<string> Uidls) : FetchProgress;

/// <summary>
/// The UIDLs on the POP3 server at its first read by an account importing from "now": they stay there, never
/// imported; saved before the read goes on.
/// </summary>
internal sealed record Pop3KeptOnServer(IReadOnlySet<string> Uidls) : FetchProgress
{
    public override bool IsDurable => true;
}

/// <summary>QUIT committed the deletion of these UIDLs on the POP3 server.</summary>
internal sealed record Pop3Removed(IReadOnlyList<string> Uidls) : FetchProgress
{
    public override bool IsDurable => true;
}

/// <summary>Synced folders the server does not have; every other folder was read all the same.</summary>
internal sealed record FoldersMissing(IReadOnlyList<string> Folders) : FetchProgress
{
    public string Sentence => $"The folder(s) '{string.Join("', '", Folders)}' do not exist on the server; the other folders were read.";
}

/// <summary>
/// The fetch ended: <see cref="Error"/> when it failed (back-off follows); else <see cref="Note"/> may still tell the
/// admin something (synced folders missing on the server, old mail that could not be deleted). <see cref="ErrorKind"/>
/// says what kind of failure it was, when one is known; <see cref="ErrorCode"/> what an admin must do, when the error
/// says so (<c>reauthorize</c>).
/// </summary>
internal sealed record FetchEnded(
    DateTimeOffset At, string? Error, string? Note, DateTimeOffset? OldMailDeletedAt, Mail.Errors.MailErrorKind? ErrorKind = null, string? ErrorCode = null) : FetchProgress;
