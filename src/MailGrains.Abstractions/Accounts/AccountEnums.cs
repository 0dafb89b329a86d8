namespace MailGrains.Accounts;

/// <summary>How mail is received.</summary>
public enum MailProtocol
{
    Imap,
    Pop3,
}

/// <summary>Whether an IMAP account keeps an IDLE session on its first synced folder, so that new mail is fetched at once.</summary>
public enum PushMode
{
    /// <summary>IDLE when the server offers it and the silo's budget has room; else the account polls. The default (0), also for state stored before the setting existed.</summary>
    Auto,

    /// <summary>The account only polls.</summary>
    Off,
}

/// <summary>How the account signs in to a mail server.</summary>
public enum SignInMethod
{
    /// <summary>User name and password (the default, also for state stored before the setting existed).</summary>
    Password,

    /// <summary>An OAuth2 access token (SASL OAUTHBEARER or XOAUTH2) from the account's OAuth2 connection.</summary>
    OAuth2,
}

/// <summary>Transport security of a mail connection.</summary>
public enum Security
{
    /// <summary>TLS chosen by port: implicit TLS on 993, 995 and 465, required STARTTLS on any other port (never a fall-back to plain text).</summary>
    Auto,
    /// <summary>No TLS at all; only where the operator allows plaintext (<c>MailGrains:Mail:AllowPlaintext</c>).</summary>
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
