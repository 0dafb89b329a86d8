using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailKit.Net.Smtp;
using MimeKit;

namespace MailGrains.Mail.Sending;

/// <summary>
/// One SMTP transaction per mail, under one overall deadline, so a server that trickles its answers cannot hold the
/// caller. A 5xx or the operator's policy is a <see cref="SubmissionOutcome.Rejected"/>; anything else that goes wrong
/// before the server took the mail is <see cref="SubmissionOutcome.Deferred"/>; once it took the mail, nothing
/// (a failed QUIT, a cancellation) makes it look unsent.
/// </summary>
public sealed class SmtpSender(MailSessions sessions) : IMailSender
{
    public async Task<SubmissionOutcome> SendAsync(MailEndpoint server, byte[] message, MailEnvelope envelope, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var accepted = false;
        try
        {
            await sessions.WithSmtpAsync(
                server,
                deadline,
                async (smtp, ct) =>
                {
                    using var mime = MimeMessage.Load(new MemoryStream(message, writable: false), ct);
                    await smtp.SendAsync(mime, MailboxAddress.Parse(envelope.From), envelope.Recipients.Select(MailboxAddress.Parse), ct);
                    accepted = true;
                    return true;
                },
                cancellationToken);
        }
        catch (Exception ex) when (accepted && ex is MailException or OperationCanceledException)
        {
            // The server has the mail; a failed QUIT changes nothing about that.
        }
        catch (MailException failed)
        {
            // Only the deadline cancels the session while the caller's token is not cancelled; timing it with a
            // stopwatch instead misses by the timer's coarser clock (it may fire a millisecond "early").
            return Unsent(server, failed, cancellationToken.IsCancellationRequested ? null : deadline);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new SubmissionOutcome.Deferred(new MailError(MailErrorKind.Timeout, $"{server.Host}:{server.Port}: sending was stopped before the server took the mail."));
        }

        return SubmissionOutcome.Accepted.Instance;
    }

    private static SubmissionOutcome Unsent(MailEndpoint server, MailException failed, TimeSpan? deadlinePassed) => failed.InnerException switch
    {
        SmtpCommandException refused when (int)refused.StatusCode >= 500 => Refused(server, refused),
        SmtpCommandException temporary => new SubmissionOutcome.Deferred(
            new MailError(MailErrorKind.Command, $"{server.Host} answered {(int)temporary.StatusCode} {ServerText.Excerpt(temporary.Message)}")),
        OperationCanceledException when deadlinePassed is { } deadline => new SubmissionOutcome.Deferred(
            new MailError(MailErrorKind.Timeout, $"{server.Host}:{server.Port} did not take the mail within {(int)deadline.TotalSeconds} s.")),
        _ when failed.Error.Kind == MailErrorKind.Policy => new SubmissionOutcome.Rejected(failed.Error),
        _ => new SubmissionOutcome.Deferred(failed.Error),
    };

    private static SubmissionOutcome.Rejected Refused(MailEndpoint server, SmtpCommandException refused)
    {
        var code = (int)refused.StatusCode;
        var excerpt = ServerText.Excerpt(refused.Message);
        return new(new MailError(MailErrorKind.Command, $"{server.Host} refused the mail: {code} {excerpt}"), code, excerpt);
    }
}
