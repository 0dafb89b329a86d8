using System.Diagnostics.Metrics;
using MailGrains.Accounts;

namespace MailGrains.Grains.Telemetry;

/// <summary>
/// The product's own instruments, on the meter <see cref="MeterName"/>. Names follow OpenTelemetry's
/// conventions (dotted, lower case, unit in <c>unit</c>), so any exporter or <see cref="MeterListener"/> finds them.
/// Tags are a few fixed values (<see cref="TelemetryTags"/>): never an address, a subject or other mail content.
/// </summary>
public sealed class MailGrainsMetrics
{
    public const string MeterName = "MailGrains";

    public MailGrainsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        FetchDuration = meter.CreateHistogram<double>("mailgrains.fetch.duration", "s", "How long one fetch of an account took, connect to logout.");
        MessagesFetched = meter.CreateCounter<long>("mailgrains.fetch.messages", "{message}", "Messages read from mail servers.");
        ActivitiesStored = meter.CreateCounter<long>("mailgrains.activities.stored", "{activity}", "New activities stored (a message stored again is not counted).");
        FetchErrors = meter.CreateCounter<long>("mailgrains.fetch.errors", "{error}", "Fetches that failed, by error.kind.");
        SendOutcomes = meter.CreateCounter<long>("mailgrains.send.outcomes", "{message}", "Delivery attempts of queued mail, by outcome (sent, failed, deferred).");
        PollsRecovered = meter.CreateCounter<long>("mailgrains.failover.polls_recovered", "{poll}", "Accounts asked to catch up a poll that fell due while a silo was dying.");
        PushResumed = meter.CreateCounter<long>("mailgrains.failover.push_resumed", "{account}", "Accounts that want push, asked to resume it after a silo died.");
        ImapSessions = meter.CreateCounter<long>("mailgrains.imap.sessions", "{session}", "IMAP sessions a fetch used, by session: new (connect and login) or reused (kept open since the last poll).");
        FetchLag = meter.CreateHistogram<double>("mailgrains.fetch.lag", "s", "Time from a poll's due time (its reminder tick) to the start of its fetch.");
    }

    public Histogram<double> FetchDuration { get; }

    public Counter<long> MessagesFetched { get; }

    public Counter<long> ActivitiesStored { get; }

    public Counter<long> FetchErrors { get; }

    public Counter<long> SendOutcomes { get; }

    public Histogram<double> FetchLag { get; }

    public Counter<long> PollsRecovered { get; }

    public Counter<long> PushResumed { get; }

    public Counter<long> ImapSessions { get; }

    /// <summary>A fetch got its IMAP session: a kept one (<paramref name="reused"/>) or a new one.</summary>
    public void SessionOpened(bool reused) => ImapSessions.Add(1, new KeyValuePair<string, object?>("session", reused ? "reused" : "new"));

    /// <summary>One fetch ended: its duration by protocol and outcome, and for a failure its kind (<see cref="Mail.Errors.MailError.Tag"/>).</summary>
    public void FetchEnded(MailProtocol protocol, TimeSpan duration, string? errorKind)
    {
        var protocolTag = TelemetryTags.ProtocolTag(protocol);
        FetchDuration.Record(duration.TotalSeconds, protocolTag, new(TelemetryTags.Outcome, errorKind is null ? "success" : "error"));
        if (errorKind is not null)
        {
            FetchErrors.Add(1, protocolTag, new(TelemetryTags.ErrorKind, errorKind));
        }
    }

    /// <summary>A batch of messages was read from the server.</summary>
    public void BatchRead(MailProtocol protocol, int messages) => MessagesFetched.Add(messages, TelemetryTags.ProtocolTag(protocol));

    /// <summary>Activities the store actually inserted, by where they came from (<c>fetched</c> or <c>sent</c> through the API).</summary>
    public void Stored(int fetched, int sent)
    {
        if (fetched > 0)
        {
            ActivitiesStored.Add(fetched, new KeyValuePair<string, object?>(TelemetryTags.Origin, "fetched"));
        }

        if (sent > 0)
        {
            ActivitiesStored.Add(sent, new KeyValuePair<string, object?>(TelemetryTags.Origin, "sent"));
        }
    }

    /// <summary>One delivery attempt of a queued mail ended: <see cref="SendOutcome.Sent"/>, <see cref="SendOutcome.Failed"/> or <see cref="SendOutcome.Deferred"/>.</summary>
    public void DeliveryEnded(string outcome) => SendOutcomes.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Outcome, outcome));

    /// <summary>The values of the <c>outcome</c> tag of <see cref="SendOutcomes"/>.</summary>
    public static class SendOutcome
    {
        public const string Sent = "sent";
        public const string Failed = "failed";
        public const string Deferred = "deferred";
    }
}
