namespace MailGrains.Mail.Messages;

/// <summary>What an activity needs from a raw message, read once from its bytes.</summary>
public sealed record MessageDigest(
    string? MessageId,
    string? InReplyTo,
    IReadOnlyList<string> References,
    MailAddressValue? From,
    IReadOnlyList<MailAddressValue> To,
    IReadOnlyList<MailAddressValue> Cc,
    IReadOnlyList<MailAddressValue> ReplyTo,
    string? Subject,
    DateTimeOffset? Date,
    string Snippet,
    string? TextBody,
    string? HtmlBody,
    IReadOnlyList<AttachmentInfo> Attachments,
    long Size,
    string Sha256,
    IReadOnlyList<string> Flags);

/// <summary>A mailbox: display name (may be empty) and address.</summary>
public sealed record MailAddressValue(string Name, string Address);

/// <summary>An attachment as listed on an activity: its file name, media type and decoded size.</summary>
public sealed record AttachmentInfo(string? Name, string ContentType, long Size);
