namespace MailGrains.Accounts;

/// <summary>
/// Which of the mail already on the server when a folder (or a POP3 mailbox) is read for the first time becomes
/// activities: all of it, none of it (<see cref="Now"/>: only mail that arrives later), or the mail whose IMAP internal
/// date is on or after <see cref="Since"/>. It only decides where a first read begins; the cursor then moves over what
/// was skipped, so nothing skipped comes back, and changing the setting later changes nothing already read.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.ImportFrom")]
public sealed record ImportFrom(
    [property: Id(0)] ImportFromKind Kind,
    [property: Id(1)] DateOnly? Since = null)
{
    /// <summary>Everything in the mailbox (what accounts stored before the setting existed do).</summary>
    public static readonly ImportFrom All = new(ImportFromKind.All);

    /// <summary>Only mail that arrives after the first read.</summary>
    public static readonly ImportFrom Now = new(ImportFromKind.Now);

    /// <summary>Only mail whose internal date is on or after <paramref name="day"/> (IMAP only).</summary>
    public static ImportFrom From(DateOnly day) => new(ImportFromKind.Date, day);
}

/// <summary>The three kinds of <see cref="ImportFrom"/>.</summary>
public enum ImportFromKind
{
    All,
    Now,
    Date,
}
