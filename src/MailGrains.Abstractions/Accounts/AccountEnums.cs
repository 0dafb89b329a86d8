namespace MailGrains.Accounts;

/// <summary>How mail is received.</summary>
public enum MailProtocol
{
    Imap,
    Pop3,
}

/// <summary>Transport security of a mail connection.</summary>
public enum Security
{
    /// <summary>STARTTLS when the server offers it, else plain (MailKit's <c>Auto</c>): by port, implicit TLS on the TLS ports.</summary>
    Auto,
    None,
    Ssl,
    StartTls,
}

/// <summary>What a permission lets a user do with an activity.</summary>
public enum Access
{
    Read,
    Write,
}
