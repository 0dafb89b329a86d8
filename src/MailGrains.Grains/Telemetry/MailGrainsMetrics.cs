using System.Diagnostics.Metrics;

namespace MailGrains.Grains.Telemetry;

/// <summary>
/// The product's own instruments, on the meter <see cref="MeterName"/>. Names follow OpenTelemetry's
/// conventions (dotted, lower case, unit in <c>unit</c>), so any exporter or <see cref="MeterListener"/> finds them.
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
        FetchLag = meter.CreateHistogram<double>("mailgrains.fetch.lag", "s", "Time from a poll's due time (its reminder tick) to the start of its fetch.");
    }

    public Histogram<double> FetchDuration { get; }

    public Counter<long> MessagesFetched { get; }

    public Counter<long> ActivitiesStored { get; }

    public Counter<long> FetchErrors { get; }

    public Counter<long> SendOutcomes { get; }

    public Histogram<double> FetchLag { get; }

    public Counter<long> PollsRecovered { get; }
}
