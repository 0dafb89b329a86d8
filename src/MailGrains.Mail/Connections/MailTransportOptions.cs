namespace MailGrains.Mail.Connections;

/// <summary>What the operator allows on mail connections besides where they go (<see cref="Network.NetworkPolicyOptions"/>).</summary>
public sealed class MailTransportOptions
{
    public const string SectionName = "MailGrains:Mail";

    /// <summary>Allow security <c>none</c>: mail connections, logins included, without TLS. Off by default.</summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>Allow an outgoing server without a user name: sending without SMTP login, through a relay that trusts this service's address. Off by default.</summary>
    public bool AllowUnauthenticatedSmtp { get; set; }

    /// <summary>Why the operator does not allow this connection, as a sentence for the tenant; null when it is allowed.</summary>
    public string? Refusal(MailEndpoint endpoint, bool smtp)
    {
        if (!AllowPlaintext && endpoint.Security == TransportSecurity.None)
        {
            return $"{endpoint.Host}:{endpoint.Port}: this service does not allow mail connections without TLS (security \"none\"); choose ssl or starttls.";
        }

        if (smtp && !AllowUnauthenticatedSmtp && string.IsNullOrEmpty(endpoint.UserName))
        {
            return $"{endpoint.Host}:{endpoint.Port}: this service does not send without logging in to the outgoing server; set its user name and password.";
        }

        return null;
    }
}
