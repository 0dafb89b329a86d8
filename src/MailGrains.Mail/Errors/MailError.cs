namespace MailGrains.Mail.Errors;

/// <summary>
/// What went wrong with a mail server: its <see cref="Kind"/>, and a <see cref="Sentence"/> an admin can act on. The
/// sentence is shown to the tenant, so it never carries a password, a server's greeting or free text beyond a
/// <see cref="ServerText.Excerpt"/>.
/// </summary>
public sealed record MailError(MailErrorKind Kind, string Sentence)
{
    /// <summary>The values of <see cref="Tag"/>, as measurements use them.</summary>
    public static readonly IReadOnlyList<string> Tags = [.. Enum.GetValues<MailErrorKind>().Select(TagOf)];

    /// <summary>The kind as a measurement tag: <c>policy</c>, <c>auth</c>, … <c>connection-lost</c>, <c>other</c>.</summary>
    public string Tag => TagOf(Kind);

    public override string ToString() => Sentence;

    public static string TagOf(MailErrorKind kind) => kind switch
    {
        MailErrorKind.ConnectionLost => "connection-lost",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
