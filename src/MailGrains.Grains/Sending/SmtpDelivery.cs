using MailGrains.Grains.Fetching;
using MailGrains.Mail.Errors;
using MailGrains.Grains.Telemetry;
using MailGrains.Mail.Connections;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using ActivityStatusCode = System.Diagnostics.ActivityStatusCode;

namespace MailGrains.Grains.Sending;

/// <summary>What the SMTP server made of one delivery attempt.</summary>
internal enum SmtpAnswer
{
    /// <summary>The server took the mail: it must never be sent again.</summary>
    Accepted,

    /// <summary>The server refused it permanently (5xx).</summary>
    Refused,

    /// <summary>No answer on the mail (unreachable, 4xx, cut off by the deadline): try again later.</summary>
    Deferred,
}

internal sealed record SmtpAttempt(SmtpAnswer Answer, string? Reason = null);

/// <summary>
/// One SMTP transaction for a queued mail, under one overall deadline (connect, TLS, login, envelope and
/// data), so a server that trickles its answers cannot hold the outbox. Never throws: every outcome is an
/// answer. Each attempt is a span and counts by its outcome.
/// </summary>
internal sealed class SmtpDelivery(MailConnector connector, TimeProvider clock, IOptions<OutboxOptions> options, MailGrainsMetrics metrics)
{
    public async Task<SmtpAttempt> SendAsync(string accountKey, MailEndpoint endpoint, byte[] raw, string envelopeFrom, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        using var span = MailGrainsTracing.Source.StartActivity(MailGrainsTracing.SendSpan);
        span?.SetTag(TelemetryTags.Account, accountKey);
        using var timeout = new CancellationTokenSource(options.Value.SendDeadline, clock);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var attempt = await AttemptAsync(endpoint, raw, envelopeFrom, recipients, timeout, span, deadline.Token);
        var outcome = attempt.Answer switch
        {
            SmtpAnswer.Accepted => MailGrainsMetrics.SendOutcome.Sent,
            SmtpAnswer.Refused => MailGrainsMetrics.SendOutcome.Failed,
            _ => MailGrainsMetrics.SendOutcome.Deferred,
        };
        metrics.DeliveryEnded(outcome);
        span?.SetTag(TelemetryTags.Outcome, outcome);
        if (attempt.Answer != SmtpAnswer.Accepted)
        {
            span?.SetStatus(ActivityStatusCode.Error, outcome);
        }

        return attempt;
    }

    private async Task<SmtpAttempt> AttemptAsync(MailEndpoint endpoint, byte[] raw, string envelopeFrom, IReadOnlyList<string> recipients, CancellationTokenSource timeout, System.Diagnostics.Activity? span, CancellationToken deadline)
    {
        SmtpClient? smtp = null;
        try
        {
            smtp = await connector.ConnectSmtpAsync(endpoint, deadline);
            using var message = MimeMessage.Load(new MemoryStream(raw, writable: false), deadline);
            await smtp.SendAsync(message, MailboxAddress.Parse(envelopeFrom), recipients.Select(MailboxAddress.Parse), deadline);
        }
        catch (MailGrains.Mail.Network.OutboundPolicyException policy)
        {
            // The operator's network policy will refuse every retry as well: not sent, with the reason.
            smtp?.Dispose();
            return new SmtpAttempt(SmtpAnswer.Refused, policy.Message);
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500)
        {
            smtp?.Dispose();
            return new SmtpAttempt(SmtpAnswer.Refused, $"{endpoint.Host} refused the mail: {(int)refused.StatusCode} {ServerText.Excerpt(refused.Message)}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            smtp?.Dispose();
            span?.SetTag(TelemetryTags.ErrorKind, FetchErrors.Kind(ex));
            var reason = ex switch
            {
                SmtpCommandException temporary => $"{endpoint.Host} answered {(int)temporary.StatusCode} {ServerText.Excerpt(temporary.Message)}",
                OperationCanceledException when timeout.IsCancellationRequested => $"{endpoint.Host}:{endpoint.Port} did not take the mail within {options.Value.SendDeadlineSeconds} s.",
                _ => FetchErrors.Describe(ex, endpoint.Host, endpoint.Port),
            };
            return new SmtpAttempt(SmtpAnswer.Deferred, reason);
        }

        // Accepted: whatever goes wrong from here on must not make it look unsent.
        using (smtp)
        {
            try
            {
                await smtp.DisconnectAsync(quit: true, deadline);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The server has the mail; a failed QUIT changes nothing about that.
            }
        }

        return new SmtpAttempt(SmtpAnswer.Accepted);
    }
}
