namespace MailGrains.Mail.Errors;

/// <summary>The one exception the Mail project's operations throw for mail-server trouble; it carries the <see cref="MailError"/>.</summary>
public sealed class MailException : Exception
{
    public MailException(MailError error, Exception? innerException = null)
        : base(error.Sentence, innerException) => Error = error;

    public MailException()
        : this(new MailError(MailErrorKind.Other, "Talking to the mail server failed."))
    {
    }

    public MailException(string message)
        : this(new MailError(MailErrorKind.Other, message))
    {
    }

    public MailException(string message, Exception innerException)
        : this(new MailError(MailErrorKind.Other, message), innerException)
    {
    }

    public MailError Error { get; }
}
