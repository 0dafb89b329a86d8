namespace MailGrains.Mail.Messages;

/// <summary>Flags an activity carries when its message is not what a well-behaved mailer sends.</summary>
public static class MessageFlags
{
    /// <summary>The message could not be read as MIME as a whole, or a part of it is broken; it is kept raw.</summary>
    public const string Malformed = "malformed";

    /// <summary>Larger than the parse limit: stored raw, only its headers read.</summary>
    public const string TooLarge = "too-large";

    /// <summary>No Message-ID header: duplicates are told apart by content alone.</summary>
    public const string NoMessageId = "no-message-id";

    /// <summary>The server said the message is larger than a fetch may download: only its header was fetched and is kept.</summary>
    public const string BodyNotFetched = "body-not-fetched";

    /// <summary>A field of the message was longer or had more entries than an activity keeps; the raw message has it whole.</summary>
    public const string Truncated = "truncated";

    /// <summary>Storage refused the full activity, so only its least (who, what, when, where) is kept; the raw message has it whole.</summary>
    public const string StoredReduced = "stored-reduced";
}
