namespace MailGrains.Mail.Errors;

/// <summary>What kind of trouble a mail server gave: a few fixed kinds, for measurements and for deciding what to do next.</summary>
public enum MailErrorKind
{
    /// <summary>The operator's network or transport policy refused the connection.</summary>
    Policy,

    /// <summary>The server refused the user name or password.</summary>
    Auth,

    /// <summary>TLS failed: an untrusted certificate, or no STARTTLS offered.</summary>
    Tls,

    /// <summary>No TCP connection could be made.</summary>
    Connect,

    /// <summary>The server did not answer in time.</summary>
    Timeout,

    /// <summary>The server broke the protocol (or sent more than it announced).</summary>
    Protocol,

    /// <summary>The server refused a command.</summary>
    Command,

    /// <summary>A folder does not exist.</summary>
    Folder,

    /// <summary>The connection dropped.</summary>
    ConnectionLost,

    /// <summary>Anything else (a bug on our side, most likely).</summary>
    Other,
}
