namespace MailGrains.Mail.Connections;

/// <summary>How a mail connection is secured; never opportunistic (no "STARTTLS when offered").</summary>
public enum TransportSecurity
{
    /// <summary>No TLS at all (only where the operator allows plaintext).</summary>
    None,

    /// <summary>TLS from the first byte (IMAPS, POP3S, SMTPS).</summary>
    SslOnConnect,

    /// <summary>STARTTLS, required: a server that does not offer it gets no login.</summary>
    StartTls,
}
