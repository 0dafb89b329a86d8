using MailGrains.Grains.Telemetry;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Sending;
using Microsoft.Extensions.Options;
using ActivityStatusCode = System.Diagnostics.ActivityStatusCode;

namespace MailGrains.Grains.Sending;

/// <summary>
/// One attempt to hand a queued mail to the account's outgoing server (<see cref="IMailSender"/>), within
/// <see cref="OutboxOptions.SendDeadlineSeconds"/>. Each attempt is a span and counts by its outcome.
/// </summary>
internal sealed class DeliveryAttempts(IMailSender sender, IOptions<OutboxOptions> options, MailGrainsMetrics metrics)
{
    public async Task<SubmissionOutcome> SendAsync(string accountKey, MailEndpoint server, byte[] raw, MailEnvelope envelope, CancellationToken cancellationToken)
    {
        using var span = MailGrainsTracing.Source.StartActivity(MailGrainsTracing.SendSpan);
        span?.SetTag(TelemetryTags.Account, accountKey);
        var outcome = await sender.SendAsync(server, raw, envelope, options.Value.SendDeadline, cancellationToken);
        var measured = outcome switch
        {
            SubmissionOutcome.Accepted => MailGrainsMetrics.SendOutcome.Sent,
            SubmissionOutcome.Rejected => MailGrainsMetrics.SendOutcome.Failed,
            _ => MailGrainsMetrics.SendOutcome.Deferred,
        };
        metrics.DeliveryEnded(measured);
        span?.SetTag(TelemetryTags.Outcome, measured);
        if (outcome is SubmissionOutcome.Deferred deferred)
        {
            span?.SetTag(TelemetryTags.ErrorKind, deferred.Error.Tag);
        }

        if (outcome is not SubmissionOutcome.Accepted)
        {
            span?.SetStatus(ActivityStatusCode.Error, measured);
        }

        return outcome;
    }
}
