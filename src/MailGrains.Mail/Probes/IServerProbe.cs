using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;

namespace MailGrains.Mail.Probes;

/// <summary>
/// Log-in checks and the folder listing behind an admin's "test connection" and "list folders": each opens its own
/// connection and changes nothing. Trouble comes out as a <see cref="MailException"/> whose sentence the admin sees.
/// </summary>
public interface IServerProbe
{
    /// <summary>Connects and logs in to an IMAP server, then logs out.</summary>
    Task CheckImapAsync(MailEndpoint endpoint, CancellationToken cancellationToken = default);

    /// <summary>Connects and logs in to a POP3 server, then quits (nothing is deleted).</summary>
    Task CheckPop3Async(MailEndpoint endpoint, CancellationToken cancellationToken = default);

    /// <summary>Connects to an SMTP server and authenticates when the endpoint has a user name, then quits (nothing is sent).</summary>
    Task CheckSmtpAsync(MailEndpoint endpoint, CancellationToken cancellationToken = default);

    /// <summary>The selectable folders of the IMAP server's personal namespaces with their special use and message counts, INBOX first.</summary>
    Task<IReadOnlyList<ListedFolder>> ListFoldersAsync(MailEndpoint endpoint, CancellationToken cancellationToken = default);
}

/// <summary>A folder on an IMAP server: its full name, its special use (<c>sent</c>, <c>junk</c>, …) and how many messages it holds.</summary>
public sealed record ListedFolder(string Name, string? SpecialUse, int? Messages);
