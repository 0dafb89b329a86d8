using System.Diagnostics;

namespace MailGrains.Grains.Telemetry;

/// <summary>
/// The product's spans, on the activity source <see cref="SourceName"/>: a fetch run, the store of a batch and
/// a delivery. Spans exist only while something listens (an OpenTelemetry tracer provider, a test's listener).
/// </summary>
public static class MailGrainsTracing
{
    public const string SourceName = "MailGrains";

    public const string FetchSpan = "mailgrains.fetch";

    public const string StoreSpan = "mailgrains.activities.store";

    public const string SendSpan = "mailgrains.send";

    internal static ActivitySource Source { get; } = new(SourceName);
}
