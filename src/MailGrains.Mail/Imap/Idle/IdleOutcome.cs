namespace MailGrains.Mail.Imap.Idle;

/// <summary>How a watch ended without an error (errors end it with a <see cref="Errors.MailException"/>).</summary>
public enum IdleOutcome
{
    /// <summary>The caller stopped it; the connection was logged out.</summary>
    Stopped,

    /// <summary>The server does not offer IDLE: the folder has to be polled.</summary>
    Unsupported,
}
