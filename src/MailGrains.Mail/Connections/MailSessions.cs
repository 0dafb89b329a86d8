using MailGrains.Mail.Errors;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;

namespace MailGrains.Mail.Connections;

/// <summary>
/// Connect, work, log out, written once: each runs <c>work</c> on a fresh logged-in client under an overall
/// <c>deadline</c>, logs out politely, and turns any mail-server trouble (the deadline included) into a
/// <see cref="MailException"/>. A cancellation by the caller's own token stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class MailSessions(MailConnector connector)
{
    public Task<T> WithImapAsync<T>(MailEndpoint endpoint, TimeSpan deadline, Func<ImapClient, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        => RunAsync(endpoint, deadline, ct => connector.ConnectImapAsync(endpoint, ct), work, cancellationToken);

    public Task<T> WithPop3Async<T>(MailEndpoint endpoint, TimeSpan deadline, Func<Pop3Client, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        => RunAsync(endpoint, deadline, ct => connector.ConnectPop3Async(endpoint, ct), work, cancellationToken);

    public Task<T> WithSmtpAsync<T>(MailEndpoint endpoint, TimeSpan deadline, Func<SmtpClient, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        => RunAsync(endpoint, deadline, ct => connector.ConnectSmtpAsync(endpoint, ct), work, cancellationToken);

    private static Task<T> RunAsync<TClient, T>(
        MailEndpoint endpoint,
        TimeSpan deadline,
        Func<CancellationToken, Task<TClient>> connect,
        Func<TClient, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
        where TClient : MailKit.MailService
        => MailErrors.GuardAsync(endpoint, async () =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(deadline);
            using var client = await connect(timeout.Token);
            var result = await work(client, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
            return result;
        }, cancellationToken);
}
