using MailGrains.Mail.Errors;

namespace MailGrains.Mail.Sending;

/// <summary>What became of one attempt to hand a mail to the outgoing server: <see cref="Accepted"/>, <see cref="Rejected"/> or <see cref="Deferred"/>.</summary>
public abstract record SubmissionOutcome
{
    private SubmissionOutcome()
    {
    }

    /// <summary>The server took the mail: it must never be sent again.</summary>
    public sealed record Accepted : SubmissionOutcome
    {
        public static Accepted Instance { get; } = new();
    }

    /// <summary>
    /// The mail will never go this way: the server refused it permanently (<paramref name="Code"/> 5xx, with a
    /// <see cref="ServerText.Excerpt"/> of its words), or the operator's policy does not allow the connection (no code).
    /// </summary>
    public sealed record Rejected(MailError Error, int? Code = null, string? ServerExcerpt = null) : SubmissionOutcome;

    /// <summary>No answer on the mail (unreachable, 4xx, login refused, cut off by the deadline): try again later.</summary>
    public sealed record Deferred(MailError Error) : SubmissionOutcome;
}
