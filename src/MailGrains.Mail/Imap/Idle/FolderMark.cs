namespace MailGrains.Mail.Imap.Idle;

/// <summary>
/// What opening the watched folder showed: its UIDVALIDITY and UIDNEXT. When a reconnected session sees another
/// mark than the session before, mail may have arrived while no session watched (or was reported already: then
/// the one extra report costs a fetch that finds nothing).
/// </summary>
internal sealed record FolderMark(uint UidValidity, uint? UidNext)
{
    /// <summary>Whether mail may have come since <paramref name="earlier"/> (a server without UIDNEXT: always).</summary>
    public bool MayHaveNewMailSince(FolderMark earlier) => UidNext is null || this != earlier;
}
