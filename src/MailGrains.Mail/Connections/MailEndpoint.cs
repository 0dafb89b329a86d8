using MailKit.Security;

namespace MailGrains.Mail.Connections;

/// <summary>Where and how to log in: host, resolved port, transport security and credentials (no user name: no login).</summary>
public sealed record MailEndpoint(string Host, int Port, SecureSocketOptions Security, string? UserName, string? Password)
{
    /// <summary>Never the password, so that a logged endpoint leaks nothing.</summary>
    public override string ToString() => $"{UserName}@{Host}:{Port} ({Security})";
}
